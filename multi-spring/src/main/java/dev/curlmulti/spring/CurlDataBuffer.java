package dev.curlmulti.spring;

import dev.curlmulti.reactor.BodyChunk;
import dev.curlmulti.reactor.internal.PooledChunk;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.PooledDataBuffer;

/**
 * A response body chunk as Spring's {@link PooledDataBuffer}: pooled memory with a reference count,
 * given back to the body pool when the count reaches zero ({@code DataBufferUtils.release}, which
 * Spring's codecs and WebClient call once a buffer is decoded or dropped). Every method checks the
 * count first, so a buffer used after its release throws {@link IllegalStateException} instead of
 * reading bytes that belong to another chunk. Methods that hand out views of the memory
 * ({@code asByteBuffer}, {@code readableByteBuffers}, {@code slice}, {@code split} ...) take the
 * chunk out of the pool for good (see {@link BodyChunk#asReadOnlyBuffer()}), so a view kept past the
 * release stays valid. {@link #factory()} allocates from the connector's factory and joins pooled
 * parts by copying ({@link CurlBufferFactory}).
 * Thread-safe as Spring's buffers are: one thread at a time.
 */
final class CurlDataBuffer implements PooledDataBuffer {
    private final PooledChunk chunk;
    private final DataBuffer bytes;
    private final CurlBufferFactory factory;
    private final AtomicInteger references = new AtomicInteger(1);

    CurlDataBuffer(BodyChunk chunk, CurlBufferFactory factory) {
        this.chunk = (PooledChunk) chunk;
        this.bytes = DefaultDataBufferFactory.sharedInstance.wrap(this.chunk.unsafeView());
        this.factory = factory;
    }

    // ------------------------------------------------------------------------ reference count

    @Override
    public boolean isAllocated() {
        return references.get() > 0;
    }

    @Override
    public PooledDataBuffer retain() {
        references.updateAndGet(count -> {
            if (count <= 0) {
                throw released();
            }
            return count + 1;
        });
        return this;
    }

    @Override
    public PooledDataBuffer touch(Object hint) {
        return this;
    }

    @Override
    public boolean release() {
        int left = references.updateAndGet(count -> {
            if (count <= 0) {
                throw new IllegalStateException("DataBuffer released more often than retained");
            }
            return count - 1;
        });
        if (left == 0) {
            chunk.release();
            return true;
        }
        return false;
    }

    private DataBuffer open() {
        if (references.get() <= 0) {
            throw released();
        }
        return bytes;
    }

    /** The same, for methods that hand out a view: the chunk's memory leaves the pool for good. */
    private DataBuffer escaping() {
        DataBuffer open = open();
        chunk.escape();
        return open;
    }

    /**
     * Writes the readable bytes into {@code target} (which copies them: no view of the pooled memory
     * outlives the call), for {@link CurlBufferFactory#join}.
     */
    void copyInto(DataBuffer target) {
        DataBuffer open = open();
        if (open.capacity() != chunk.length()) {
            target.write(open); // grown by a write: its bytes now live in a buffer of its own
            return;
        }
        ByteBuffer readable = chunk.unsafeView();
        readable.position(open.readPosition()).limit(open.writePosition());
        target.write(readable);
    }

    private static IllegalStateException released() {
        return new IllegalStateException("DataBuffer used after release");
    }

    // ------------------------------------------------------------------- reads, checked first

    @Override
    public DataBufferFactory factory() {
        return factory;
    }

    @Override
    public int indexOf(IntPredicate predicate, int fromIndex) {
        return open().indexOf(predicate, fromIndex);
    }

    @Override
    public int lastIndexOf(IntPredicate predicate, int fromIndex) {
        return open().lastIndexOf(predicate, fromIndex);
    }

    @Override
    public int readableByteCount() {
        return open().readableByteCount();
    }

    @Override
    public int writableByteCount() {
        return open().writableByteCount();
    }

    @Override
    public int capacity() {
        return open().capacity();
    }

    @Override
    @Deprecated
    public DataBuffer capacity(int capacity) {
        open().capacity(capacity);
        return this;
    }

    @Override
    public DataBuffer ensureWritable(int capacity) {
        open().ensureWritable(capacity);
        return this;
    }

    @Override
    public int readPosition() {
        return open().readPosition();
    }

    @Override
    public DataBuffer readPosition(int readPosition) {
        open().readPosition(readPosition);
        return this;
    }

    @Override
    public int writePosition() {
        return open().writePosition();
    }

    @Override
    public DataBuffer writePosition(int writePosition) {
        open().writePosition(writePosition);
        return this;
    }

    @Override
    public byte getByte(int index) {
        return open().getByte(index);
    }

    @Override
    public byte read() {
        return open().read();
    }

    @Override
    public DataBuffer read(byte[] destination) {
        open().read(destination);
        return this;
    }

    @Override
    public DataBuffer read(byte[] destination, int offset, int length) {
        open().read(destination, offset, length);
        return this;
    }

    @Override
    public DataBuffer write(byte b) {
        open().write(b);
        return this;
    }

    @Override
    public DataBuffer write(byte[] source) {
        open().write(source);
        return this;
    }

    @Override
    public DataBuffer write(byte[] source, int offset, int length) {
        open().write(source, offset, length);
        return this;
    }

    @Override
    public DataBuffer write(DataBuffer... buffers) {
        open().write(buffers);
        return this;
    }

    @Override
    public DataBuffer write(ByteBuffer... buffers) {
        open().write(buffers);
        return this;
    }

    @Override
    public ByteBuffer toByteBuffer(int index, int length) {
        return open().toByteBuffer(index, length); // a copy
    }

    @Override
    public void toByteBuffer(int srcPos, ByteBuffer dest, int destPos, int length) {
        open().toByteBuffer(srcPos, dest, destPos, length);
    }

    @Override
    public String toString(int index, int length, Charset charset) {
        return open().toString(index, length, charset);
    }

    // ------------------------------------------------------------------- views: out of the pool

    @Override
    public DataBuffer slice(int index, int length) {
        return escaping().slice(index, length);
    }

    @Override
    public DataBuffer split(int index) {
        return escaping().split(index);
    }

    @Override
    @Deprecated
    public ByteBuffer asByteBuffer() {
        return escaping().asByteBuffer();
    }

    @Override
    @Deprecated
    public ByteBuffer asByteBuffer(int index, int length) {
        return escaping().asByteBuffer(index, length);
    }

    @Override
    public ByteBufferIterator readableByteBuffers() {
        return escaping().readableByteBuffers();
    }

    @Override
    public ByteBufferIterator writableByteBuffers() {
        return escaping().writableByteBuffers();
    }

    @Override
    public String toString() {
        return "CurlDataBuffer[" + chunk + ", references " + references.get() + "]";
    }
}
