package dev.curlmulti.reactor.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One heap array that consecutive body chunks of a loop are packed into, with a count of its
 * holders: each chunk cut from it, plus the pool while it is the one being filled. The last holder
 * to let go returns it to its pool, unless a view of it escaped ({@link #escape()}); then it is left
 * to the GC, so the view never sees another chunk's bytes. Not API.
 *
 * <p>{@link #written} is touched only by the loop thread that fills the segment; the holder count
 * by any thread that releases a chunk.
 */
final class ChunkSegment {
    final byte[] array;
    /** The pool it returns to, or null for a one-off array too large for a segment. */
    private final ChunkPool pool;

    private final AtomicInteger holders = new AtomicInteger();
    private volatile boolean escaped;
    /** Bytes handed out so far (loop thread only). */
    int written;

    ChunkSegment(int size, ChunkPool pool) {
        this.array = new byte[size];
        this.pool = pool;
    }

    /** Whether the segment belongs to a pool (else it is one chunk's own array). */
    boolean pooled() {
        return pool != null;
    }

    /** A new holder (a chunk cut from it, or the pool as it starts filling it). */
    void hold() {
        holders.incrementAndGet();
    }

    /** A holder lets go; the last one returns the segment to its pool. */
    void letGo() {
        int left = holders.decrementAndGet();
        if (left == 0 && pool != null && !escaped) {
            pool.recycle(this);
        } else if (left < 0) {
            throw new IllegalStateException("chunk segment released more often than held");
        }
    }

    /** A view of the array left the pool's control: never reuse it. */
    void escape() {
        escaped = true;
    }
}
