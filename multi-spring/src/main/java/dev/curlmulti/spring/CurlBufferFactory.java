package dev.curlmulti.spring;

import java.nio.ByteBuffer;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * The factory a {@link CurlDataBuffer} names as its {@code factory()}: the connector's factory for
 * every allocation, with a {@link #join} that copies pooled parts out through their release checks,
 * so Spring's codecs (which join a body with {@code DataBufferUtils.join}) keep the parts pooled
 * instead of taking views of them. Thread-safe as its delegate is.
 */
final class CurlBufferFactory implements DataBufferFactory {
    private final DataBufferFactory delegate;

    CurlBufferFactory(DataBufferFactory delegate) {
        this.delegate = delegate;
    }

    /** The connector's factory this one allocates from. */
    DataBufferFactory delegate() {
        return delegate;
    }

    @Override
    @Deprecated
    public DataBuffer allocateBuffer() {
        return delegate.allocateBuffer();
    }

    @Override
    public DataBuffer allocateBuffer(int initialCapacity) {
        return delegate.allocateBuffer(initialCapacity);
    }

    @Override
    public DataBuffer wrap(ByteBuffer byteBuffer) {
        return delegate.wrap(byteBuffer);
    }

    @Override
    public DataBuffer wrap(byte[] bytes) {
        return delegate.wrap(bytes);
    }

    /**
     * One buffer holding every part's readable bytes, the parts released (as Spring's factories
     * join); a single part is returned as it is.
     */
    @Override
    public DataBuffer join(List<? extends DataBuffer> dataBuffers) {
        if (dataBuffers.size() == 1) {
            return dataBuffers.get(0);
        }
        int capacity = 0;
        for (DataBuffer part : dataBuffers) {
            capacity += part.readableByteCount();
        }
        DataBuffer joined = delegate.allocateBuffer(capacity);
        try {
            for (DataBuffer part : dataBuffers) {
                if (part instanceof CurlDataBuffer pooled) {
                    pooled.copyInto(joined);
                } else {
                    joined.write(part);
                }
            }
        } finally {
            dataBuffers.forEach(DataBufferUtils::release);
        }
        return joined;
    }

    @Override
    public boolean isDirect() {
        return delegate.isDirect();
    }
}
