package dev.curlmulti.reactor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;

/**
 * A piece of a response body in pooled memory ({@link CurlResponse#bodyChunks()}): read it, then
 * {@link #release()} it so the memory serves the next piece. The fast form of a body: no buffer is
 * allocated, zeroed and collected per piece, as {@link CurlResponse#body()} does.
 *
 * <p><b>Ownership.</b> The subscriber that receives a chunk owns it and releases it exactly once; a
 * second {@code release()} throws {@link IllegalStateException}. After the release every method
 * but {@link #isReleased()} throws {@link IllegalStateException}, so a chunk used after release
 * fails loudly and never reads bytes that now belong to another piece. A chunk never released is
 * collected by the GC like any object (the memory is plain heap): forgetting costs only the
 * pooling, never memory, and {@code -Ddev.curlmulti.leakDetection=on} logs each one, with the
 * request it came from, as an error.
 *
 * <p><b>Views.</b> The accessors copy out or write out; only {@link #asReadOnlyBuffer()} hands out a
 * view of the memory, and a chunk that gave one never returns its memory to the pool (release still
 * counts), so a view kept past the release still reads the chunk's own bytes.
 *
 * <p><b>Threading.</b> A chunk may be read and released on any thread, one thread at a time: never
 * released on one thread while another is still reading it.
 *
 * <p>Operators that drop elements (a cancelled {@code flatMap}, {@code take}, {@code filter})
 * hand the dropped chunks to Reactor's discard hook, so end a chain with
 * {@code .doOnDiscard(BodyChunk.class, BodyChunk::release)} to give those back too.
 */
public interface BodyChunk {
    /** The number of bytes in this chunk (at least 1). */
    int length();

    /** The byte at {@code index} (0 to {@code length() - 1}). */
    byte get(int index);

    /** Copies {@code length} bytes from {@code index} of this chunk into {@code target} at {@code offset}. */
    void copyTo(int index, byte[] target, int offset, int length);

    /** Copies the whole chunk into {@code target} at its position (which advances). */
    void copyTo(ByteBuffer target);

    /** The bytes as a new array the caller owns. */
    byte[] toByteArray();

    /** The bytes as a new heap buffer the caller owns (what {@link CurlResponse#body()} emits). */
    ByteBuffer toByteBuffer();

    /** The bytes decoded as {@code charset} (a chunk may end inside a multi-byte character). */
    String toString(Charset charset);

    /** Writes the whole chunk to a blocking {@code channel}; returns the bytes written. */
    int writeTo(WritableByteChannel channel) throws IOException;

    /** Writes the whole chunk to {@code out}. */
    void writeTo(OutputStream out) throws IOException;

    /**
     * A read-only view of the chunk's memory, without a copy. The chunk's memory then leaves the
     * pool for good (it goes to the GC after the release), so the view stays valid and unchanged
     * for as long as it is kept; each view costs the pooling of one piece.
     */
    ByteBuffer asReadOnlyBuffer();

    /**
     * Gives the memory back. Exactly once per chunk.
     *
     * @throws IllegalStateException when already released
     */
    void release();

    /** Whether {@link #release()} was called. */
    boolean isReleased();
}
