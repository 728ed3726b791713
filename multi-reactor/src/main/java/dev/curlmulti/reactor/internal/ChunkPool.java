package dev.curlmulti.reactor.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The body memory of one loop thread: 64 KiB heap segments that consecutive chunks of at least
 * {@value #MIN_POOLED} bytes (libcurl hands at most 16 KiB per write callback) are packed into,
 * whatever transfer they belong to, and that come back when every chunk cut from them is released.
 * Segments are cut on the loop thread only ({@link #forThisThread()}); they come back from any
 * thread. At most {@value #MAX_FREE} free segments are kept (1 MiB per loop); beyond that, and for
 * segments a view escaped from, the GC takes them. Not API.
 */
public final class ChunkPool {
    /** Segment size: four of libcurl's largest write-callback pieces. */
    static final int SEGMENT_SIZE = 64 * 1024;

    static final int MAX_FREE = 16;
    /**
     * Smaller chunks get arrays of their own: a chunk held in a shared segment holds all of it, so
     * a held chunk may pin at most eight times its size, however a server cuts its body. Such small
     * arrays are cheap to allocate; the bulk of a large body comes in 16 KiB pieces.
     */
    static final int MIN_POOLED = 8 * 1024;

    private static final ThreadLocal<ChunkPool> POOLS = ThreadLocal.withInitial(ChunkPool::new);

    private final ConcurrentLinkedQueue<ChunkSegment> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();
    /** The segment being filled, held by the pool until it is full (loop thread only). */
    private ChunkSegment filling;

    private ChunkPool() {}

    /** The pool of the calling thread: call it, and {@link #copyOf}, on one loop thread only. */
    public static ChunkPool forThisThread() {
        return POOLS.get();
    }

    /**
     * A pooled chunk holding a copy of {@code source}'s remaining bytes (consumed); {@code hint}
     * names its origin in a leak report (not null).
     */
    public PooledChunk copyOf(ByteBuffer source, Object hint) {
        int length = source.remaining();
        if (length < MIN_POOLED || length > SEGMENT_SIZE) {
            return PooledChunk.unpooledCopyOf(source);
        }
        if (filling == null || SEGMENT_SIZE - filling.written < length) {
            startSegment();
        }
        ChunkSegment segment = filling;
        int offset = segment.written;
        source.get(segment.array, offset, length);
        segment.written = offset + length;
        segment.hold();
        return new PooledChunk(segment, offset, length, hint);
    }

    private void startSegment() {
        if (filling != null) {
            filling.letGo();
        }
        ChunkSegment next = free.poll();
        if (next != null) {
            freeCount.decrementAndGet();
            next.written = 0;
        } else {
            next = new ChunkSegment(SEGMENT_SIZE, this);
        }
        next.hold(); // the pool's own hold while it fills the segment
        filling = next;
    }

    /** Any thread: a segment nobody holds any more. */
    void recycle(ChunkSegment segment) {
        if (freeCount.incrementAndGet() <= MAX_FREE) {
            free.offer(segment);
        } else {
            freeCount.decrementAndGet();
        }
    }
}
