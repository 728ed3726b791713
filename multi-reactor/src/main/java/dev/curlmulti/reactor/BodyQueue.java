package dev.curlmulti.reactor;

import dev.curlmulti.reactor.internal.PooledChunk;
import java.util.ArrayDeque;

/**
 * The chunks of one body that arrived without demand, each in an array of its own (not pooled:
 * a queued chunk may wait long, and in a shared segment it would hold the whole segment, so a
 * server trickling small chunks to a stalled reader could pin far more memory than it sent), with
 * their cost counted against {@link BodyFlux}'s watermarks: the bytes, plus
 * {@link BodyFlux#CHUNK_COST} per chunk. Loop thread only (or, once the loop has closed, one thread
 * at a time, as {@link BodyFlux} runs).
 */
final class BodyQueue {
    private ArrayDeque<PooledChunk> chunks;
    private long cost;

    boolean isEmpty() {
        return chunks == null || chunks.isEmpty();
    }

    /** What the queued chunks cost: bytes plus the per-chunk cost. */
    long cost() {
        return cost;
    }

    void add(PooledChunk chunk) {
        if (chunks == null) {
            chunks = new ArrayDeque<>();
        }
        cost += chunk.length() + BodyFlux.CHUNK_COST;
        chunks.add(chunk);
    }

    /** The oldest chunk, now the caller's. */
    PooledChunk poll() {
        PooledChunk next = chunks.poll();
        cost -= next.length() + BodyFlux.CHUNK_COST;
        return next;
    }

    /** Releases every queued chunk (the body is cancelled or discarded). */
    void releaseAll() {
        if (chunks != null) {
            PooledChunk chunk;
            while ((chunk = chunks.poll()) != null) {
                chunk.releaseIfHeld();
            }
        }
        cost = 0;
    }
}
