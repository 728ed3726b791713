package dev.curlmulti.core.loop;

import dev.curlmulti.core.internal.SocketCounts;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one {@link CurlEventLoop} is doing, for metrics: time busy (not waiting for sockets or
 * timers), commands queued for it and not yet taken, sockets libcurl holds open (connections and
 * connection attempts; Linux). Kept only when the loop was made with
 * {@link LoopConfig#accounting()}; otherwise every figure reads 0.
 *
 * <p><b>Threading:</b> written by the loop thread (the queue count by any thread that queues),
 * read from any thread; each figure is read on its own, not as a consistent snapshot.
 */
public final class LoopStats {
    private final boolean enabled;
    private final long startNanos = System.nanoTime();
    private final AtomicInteger queued = new AtomicInteger();
    private final SocketCounts.Counter sockets = new SocketCounts.Counter();
    private volatile long idleNanos;
    /** When the current wait began, 0 while the loop works. */
    private volatile long waitingSince;

    LoopStats(boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether the figures are kept. */
    public boolean enabled() {
        return enabled;
    }

    /** Nanoseconds the loop thread has spent working (not waiting) since the loop started. */
    public long busyNanos() {
        if (!enabled) {
            return 0;
        }
        long now = System.nanoTime();
        long since = waitingSince;
        long idle = idleNanos + (since == 0 ? 0 : now - since);
        return Math.max(0, now - startNanos - idle);
    }

    /** Nanoseconds since the loop started. */
    public long aliveNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Commands (starts, cancels, resumes, tasks) queued for the loop and not yet taken. */
    public int queuedCommands() {
        return enabled ? Math.max(0, queued.get()) : 0;
    }

    /** Sockets libcurl holds open on this loop (Linux; 0 elsewhere). */
    public long openSockets() {
        return enabled ? sockets.open() : 0;
    }

    // ------------------------------------------------------------------ the loop's side

    void bindToLoopThread() {
        if (enabled) {
            SocketCounts.bind(sockets);
        }
    }

    void queued() {
        if (enabled) {
            queued.incrementAndGet();
        }
    }

    void taken() {
        if (enabled) {
            queued.decrementAndGet();
        }
    }

    void waitStarts() {
        if (enabled) {
            waitingSince = System.nanoTime();
        }
    }

    void waitEnds() {
        if (enabled) {
            long since = waitingSince;
            idleNanos += System.nanoTime() - since;
            waitingSince = 0;
        }
    }
}
