package dev.curlmulti.reactor.internal;

import dev.curlmulti.reactor.BodyChunk;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A {@link BodyChunk} cut from a {@link ChunkSegment}: a range of the segment's array that only this
 * chunk reads, checked against its release on every access. Not API: the Spring connector reads
 * the range through {@link #unsafeView()} behind its own release checks.
 */
public final class PooledChunk implements BodyChunk {
    private static final AtomicIntegerFieldUpdater<PooledChunk> RELEASED =
            AtomicIntegerFieldUpdater.newUpdater(PooledChunk.class, "released");

    private final ChunkSegment segment;
    private final int offset;
    private final int length;
    private final ChunkLeaks.Tracker tracker;
    private volatile int released;

    PooledChunk(ChunkSegment segment, int offset, int length, Object hint) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        this.tracker = hint == null ? null : ChunkLeaks.track(this, hint);
    }

    @Override
    public int length() {
        check();
        return length;
    }

    @Override
    public byte get(int index) {
        check();
        Objects.checkIndex(index, length);
        return segment.array[offset + index];
    }

    @Override
    public void copyTo(int index, byte[] target, int targetOffset, int count) {
        check();
        Objects.checkFromIndexSize(index, count, length);
        System.arraycopy(segment.array, offset + index, target, targetOffset, count);
    }

    @Override
    public void copyTo(ByteBuffer target) {
        check();
        target.put(segment.array, offset, length);
    }

    @Override
    public byte[] toByteArray() {
        check();
        byte[] copy = new byte[length];
        System.arraycopy(segment.array, offset, copy, 0, length);
        return copy;
    }

    @Override
    public ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(toByteArray());
    }

    @Override
    public String toString(Charset charset) {
        check();
        return new String(segment.array, offset, length, charset);
    }

    @Override
    public int writeTo(WritableByteChannel channel) throws IOException {
        check();
        ByteBuffer view = ByteBuffer.wrap(segment.array, offset, length);
        while (view.hasRemaining()) {
            channel.write(view);
        }
        return length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        check();
        out.write(segment.array, offset, length);
    }

    @Override
    public ByteBuffer asReadOnlyBuffer() {
        check();
        segment.escape();
        return ByteBuffer.wrap(segment.array, offset, length).slice().asReadOnlyBuffer();
    }

    /**
     * A writable view of the chunk's bytes that does not take the memory out of the pool: only for
     * code that checks the release itself before every use and never lets the view out (the Spring
     * connector's data buffer). Not API.
     */
    public ByteBuffer unsafeView() {
        check();
        return ByteBuffer.wrap(segment.array, offset, length).slice();
    }

    /**
     * A chunk holding a copy of {@code source}'s remaining bytes (consumed) in an array of its own,
     * outside any pool and untracked by the leak detector (nothing is lost if it is never
     * released). Not API.
     */
    public static PooledChunk unpooledCopyOf(ByteBuffer source) {
        int length = source.remaining();
        ChunkSegment own = new ChunkSegment(length, null);
        source.get(own.array);
        own.hold();
        return new PooledChunk(own, 0, length, null);
    }

    /**
     * Releases the chunk and returns its bytes as a heap buffer the caller owns: the chunk's own
     * array when it has one ({@link #unpooledCopyOf}), else a copy. Not API.
     */
    public ByteBuffer takeArray() {
        ByteBuffer bytes = segment.pooled() || offset != 0 || length != segment.array.length
                ? toByteBuffer()
                : ByteBuffer.wrap(segment.array);
        release();
        return bytes;
    }

    /** Takes the chunk's memory out of the pool for good, as {@link #asReadOnlyBuffer()} does. Not API. */
    public void escape() {
        segment.escape();
    }

    @Override
    public void release() {
        if (!RELEASED.compareAndSet(this, 0, 1)) {
            throw new IllegalStateException("body chunk released twice");
        }
        ChunkLeaks.released(tracker);
        segment.letGo();
    }

    /** Releases the chunk unless already released (for cleanup paths that may race a subscriber's release). */
    public void releaseIfHeld() {
        if (RELEASED.compareAndSet(this, 0, 1)) {
            ChunkLeaks.released(tracker);
            segment.letGo();
        }
    }

    @Override
    public boolean isReleased() {
        return released != 0;
    }

    private void check() {
        if (released != 0) {
            throw new IllegalStateException("body chunk used after release()");
        }
    }

    @Override
    public String toString() {
        return "BodyChunk[" + length + " bytes" + (released != 0 ? ", released]" : "]");
    }
}
