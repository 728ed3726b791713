package dev.curlmulti.reactor;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A batch's overall download slots when downloads also wait for their host's slot: handed out in
 * the order they were asked for, without blocking a thread (a waiting download is a queued sink).
 * A download holding its host's slot waits here for an overall one, so a busy host never holds
 * overall slots its own bound keeps it from using, and other hosts' downloads go on.
 *
 * <p>Thread-safe. A slot goes back when its work ends, fails or is cancelled; a wait that is
 * cancelled leaves the queue, and a slot granted to a wait cancelled at that moment goes to the next.
 */
final class DownloadSlots {
    private final ArrayDeque<Slot> waiting = new ArrayDeque<>();
    private final AtomicInteger draining = new AtomicInteger();
    private int free;

    DownloadSlots(int slots) {
        this.free = slots;
    }

    /** {@code work}, subscribed once a slot is free; the slot is given back when it ends. */
    <T> Mono<T> run(Mono<T> work) {
        return Mono.usingWhen(acquire(), slot -> work, Slot::release);
    }

    private Mono<Slot> acquire() {
        return Mono.create(sink -> {
            Slot slot = new Slot(sink);
            sink.onCancel(slot::cancelled);
            boolean now;
            synchronized (this) {
                if (slot.state == Slot.RELEASED) {
                    return; // cancelled before it asked
                }
                // Behind anyone already waiting, so the slots go in the order asked.
                now = free > 0 && waiting.isEmpty();
                if (now) {
                    free--;
                    slot.state = Slot.GRANTED;
                } else {
                    waiting.add(slot);
                }
            }
            if (now) {
                sink.success(slot);
            } else {
                drain(); // a slot given back just now may be free for it
            }
        });
    }

    /** A slot came back: hand it to the first wait. */
    private void giveBack() {
        synchronized (this) {
            free++;
        }
        drain();
    }

    /**
     * Grants free slots to waits, in order. Work that ends at once (a download refused on the spot)
     * gives its slot back from inside {@code success}: that only counts as missed, and this loop
     * hands it on, so thousands of such endings never nest on the stack.
     */
    private void drain() {
        if (draining.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            for (Slot next = nextGranted(); next != null; next = nextGranted()) {
                next.sink.success(next);
            }
            missed = draining.addAndGet(-missed);
        } while (missed != 0);
    }

    private synchronized Slot nextGranted() {
        if (free == 0 || waiting.isEmpty()) {
            return null;
        }
        free--;
        Slot next = waiting.poll();
        next.state = Slot.GRANTED;
        return next;
    }

    /** One download's claim: waiting, granted, then released once. Its state is guarded by the slots. */
    private final class Slot {
        static final int WAITING = 0;
        static final int GRANTED = 1;
        static final int RELEASED = 2;

        final MonoSink<Slot> sink;
        int state = WAITING;

        Slot(MonoSink<Slot> sink) {
            this.sink = sink;
        }

        /** The slot goes back, once, whoever asks (the work ending, or a cancel racing the grant). */
        Mono<Void> release() {
            return Mono.fromRunnable(this::releaseNow);
        }

        void releaseNow() {
            synchronized (DownloadSlots.this) {
                if (state != GRANTED) {
                    return;
                }
                state = RELEASED;
            }
            giveBack();
        }

        /**
         * The wait was cancelled: leave the queue, or give back a slot granted at that moment (the
         * sink drops a value that comes after its cancel, so nobody else would).
         */
        void cancelled() {
            synchronized (DownloadSlots.this) {
                if (state == WAITING) {
                    state = RELEASED;
                    waiting.remove(this);
                    return;
                }
            }
            releaseNow();
        }
    }
}
