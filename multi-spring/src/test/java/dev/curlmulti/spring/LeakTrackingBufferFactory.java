package dev.curlmulti.spring;

import dev.curlmulti.core.testing.Await;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferWrapper;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.PooledDataBuffer;

/**
 * A {@link DataBufferFactory} whose buffers count references, as pooled (Netty) buffers do, and
 * remember whether they were released: after a test every buffer it made must be (Spring's
 * LeakAwareDataBufferFactory pattern).
 */
final class LeakTrackingBufferFactory implements DataBufferFactory {
    private final DefaultDataBufferFactory delegate = DefaultDataBufferFactory.sharedInstance;
    private final List<Tracked> made = new CopyOnWriteArrayList<>();

    void assertAllReleased() {
        Await.value(
                Duration.ofSeconds(5),
                () -> made.stream().filter(Tracked::isAllocated).count(),
                n -> n == 0,
                "every DataBuffer released (the last value counts those never released)");
    }

    int made() {
        return made.size();
    }

    private DataBuffer track(DataBuffer buffer) {
        Tracked tracked = new Tracked(buffer, this);
        made.add(tracked);
        return tracked;
    }

    @Override
    @Deprecated
    public DataBuffer allocateBuffer() {
        return track(delegate.allocateBuffer(256));
    }

    @Override
    public DataBuffer allocateBuffer(int initialCapacity) {
        return track(delegate.allocateBuffer(initialCapacity));
    }

    @Override
    public DataBuffer wrap(ByteBuffer byteBuffer) {
        return track(delegate.wrap(byteBuffer));
    }

    @Override
    public DataBuffer wrap(byte[] bytes) {
        return track(delegate.wrap(bytes));
    }

    @Override
    public DataBuffer join(List<? extends DataBuffer> dataBuffers) {
        // Joined first, then the parts released (as Spring's factories do): a part is unreadable after.
        DataBuffer joined = track(delegate.join(dataBuffers.stream()
                .map(b -> b instanceof Tracked t ? t.dataBuffer() : b)
                .toList()));
        dataBuffers.forEach(b -> {
            if (b instanceof PooledDataBuffer pooled) {
                pooled.release();
            }
        });
        return joined;
    }

    @Override
    public boolean isDirect() {
        return false;
    }

    /** One buffer with a reference count. */
    static final class Tracked extends DataBufferWrapper implements PooledDataBuffer {
        private final AtomicInteger references = new AtomicInteger(1);
        private final DataBufferFactory factory;

        Tracked(DataBuffer delegate, DataBufferFactory factory) {
            super(delegate);
            this.factory = factory;
        }

        @Override
        public boolean isAllocated() {
            return references.get() > 0;
        }

        @Override
        public PooledDataBuffer retain() {
            references.incrementAndGet();
            return this;
        }

        @Override
        public PooledDataBuffer touch(Object hint) {
            return this;
        }

        @Override
        public boolean release() {
            int left = references.decrementAndGet();
            if (left < 0) {
                throw new IllegalStateException("released more often than retained");
            }
            return left == 0;
        }

        @Override
        public DataBufferFactory factory() {
            return factory;
        }
    }
}
