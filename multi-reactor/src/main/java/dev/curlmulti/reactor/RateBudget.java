package dev.curlmulti.reactor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A token bucket of received bytes shared by many transfers: a batch's overall rate, or one
 * host's. Chunks are taken while the bucket holds anything, so a chunk bigger than what is left
 * still passes and leaves a debt (libcurl hands over up to 16 KiB at once, and a chunk cannot be
 * split); the next chunks wait until the debt is paid. The bucket holds at most a tenth of a
 * second's bytes (16 KiB at least), the burst after a quiet moment.
 *
 * <p>A chunk that cannot be taken queues its {@link RateTicket}; tickets are granted in the order
 * they queued, and a chunk asked for while others wait queues behind them, so no transfer is
 * starved. While tickets wait, one timer task on {@code timer} grants what the refilled bucket
 * allows and reschedules itself if tickets remain: no thread sleeps or spins per transfer, and no
 * task is left once nothing waits.
 *
 * <p>Thread-safe: {@link #take} runs on loop threads (from data callbacks), grants on the timer's
 * thread. Tickets are told they are granted outside the lock, so a ticket may go on to the next
 * budget without lock nesting.
 */
final class RateBudget {
    /** The shortest wait between grants: at high rates grants come in batches, 100 a second at most. */
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final double MIN_BURST = 16 * 1024;

    private final double bytesPerNano;
    private final double burst;
    private final Supplier<Scheduler> timer;
    private final ArrayDeque<RateTicket> waiting = new ArrayDeque<>();
    private double tokens;
    private long refilledAt;
    /** The timer task while tickets wait, else null. */
    private Disposable pending;

    /** @param timer where grants run, looked up at each schedule (Reactor recreates a shut-down shared scheduler) */
    RateBudget(long bytesPerSecond, Supplier<Scheduler> timer) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond must be >= 1: " + bytesPerSecond);
        }
        this.bytesPerNano = bytesPerSecond / 1e9;
        this.burst = Math.max(MIN_BURST, bytesPerSecond / 10.0);
        this.timer = timer;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
    }

    /**
     * Takes {@code bytes} for {@code ticket} if the bucket holds anything and nobody waits; else
     * queues the ticket, which is {@linkplain RateTicket#granted granted} later.
     *
     * @return true when taken now
     */
    synchronized boolean take(RateTicket ticket, int bytes) {
        refill(System.nanoTime());
        if (waiting.isEmpty() && tokens > 0) {
            tokens -= bytes;
            return true;
        }
        waiting.add(ticket);
        scheduleGrant();
        return false;
    }

    /** Counts {@code bytes} taken beyond what a ticket asked for (a chunk offered again may be larger). */
    synchronized void charge(long bytes) {
        refill(System.nanoTime());
        tokens -= bytes;
    }

    /** Drops a ticket whose download ended; the timer stops when nothing else waits. */
    synchronized void forget(RateTicket ticket) {
        if (waiting.remove(ticket) && waiting.isEmpty() && pending != null) {
            pending.dispose();
            pending = null;
        }
    }

    /** Tickets waiting now (for tests and diagnostics). */
    synchronized int waiting() {
        return waiting.size();
    }

    /** Whether a timer task is scheduled (for tests: none is left once nothing waits). */
    synchronized boolean timerPending() {
        return pending != null;
    }

    private void grant() {
        List<RateTicket> granted = new ArrayList<>();
        List<RateTicket> stranded = List.of();
        RuntimeException refused = null;
        synchronized (this) {
            pending = null;
            refill(System.nanoTime());
            while (tokens > 0 && !waiting.isEmpty()) {
                RateTicket next = waiting.poll();
                if (next.live()) {
                    tokens -= next.bytes();
                    granted.add(next);
                }
            }
            if (!waiting.isEmpty()) {
                try {
                    scheduleGrant();
                } catch (RuntimeException e) {
                    // No timer (the scheduler is shutting down): nothing would resume the rest.
                    refused = e;
                    stranded = new ArrayList<>(waiting);
                    waiting.clear();
                }
            }
        }
        for (RateTicket ticket : granted) {
            ticket.granted();
        }
        for (RateTicket ticket : stranded) {
            ticket.fail(refused);
        }
    }

    private void refill(long now) {
        tokens = Math.min(burst, tokens + (now - refilledAt) * bytesPerNano);
        refilledAt = now;
    }

    private void scheduleGrant() {
        if (pending != null) {
            return;
        }
        // When the debt is paid (the bucket holds a byte again), or the shortest tick.
        long untilPaid = tokens > 0 ? 0 : (long) Math.ceil((1 - tokens) / bytesPerNano);
        pending = timer.get().schedule(this::grant, Math.max(MIN_TICK_NANOS, untilPaid), TimeUnit.NANOSECONDS);
    }
}
