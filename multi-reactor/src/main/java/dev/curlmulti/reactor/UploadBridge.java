package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.UploadSource;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Streams a {@code Publisher<ByteBuffer>} into libcurl's read callback with backpressure: a few
 * buffers are requested ahead; when none is ready the read callback pauses sending, and the next
 * buffer (or the end) resumes the transfer. An error from the publisher fails the transfer with
 * that same exception. {@link #read} runs on the loop thread; the subscriber side on any thread.
 */
final class UploadBridge implements UploadSource, Subscriber<ByteBuffer> {
    private static final int PREFETCH = 4;

    private final Publisher<ByteBuffer> publisher;
    private final ConcurrentLinkedQueue<ByteBuffer> ready = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();
    private volatile boolean ended;
    private volatile Transfer transfer;
    private ByteBuffer current;
    private boolean subscribed;
    private int consumedSinceRequest;
    private Runnable allHandedOver;
    /** When libcurl last took bytes (or the end), for the idle timeout; read from timer threads. */
    private volatile long lastActivityNanos;
    /** libcurl asked for bytes and the publisher had none: sending is paused by the publisher. */
    private volatile boolean waitingForPublisher;

    UploadBridge(Publisher<ByteBuffer> publisher) {
        this.publisher = publisher;
    }

    void attach(Transfer transfer) {
        this.transfer = transfer;
    }

    /** Runs {@code action} on the loop thread once libcurl has been given the body's last byte. */
    void whenAllHandedOver(Runnable action) {
        this.allHandedOver = action;
    }

    /** When libcurl last took body bytes from here ({@link System#nanoTime()}), 0 before the first. */
    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** True while sending is paused because the publisher has nothing ready. */
    boolean waitingForPublisher() {
        return waitingForPublisher;
    }

    @Override
    public int read(ByteBuffer target) {
        if (!subscribed) {
            subscribed = true;
            publisher.subscribe(this);
        }
        int written = 0;
        while (target.hasRemaining()) {
            if (current == null || !current.hasRemaining()) {
                current = ready.poll();
                if (current == null) {
                    break;
                }
                if (++consumedSinceRequest >= PREFETCH / 2) {
                    Subscription s = subscription.get();
                    if (s != null) {
                        s.request(consumedSinceRequest);
                    }
                    consumedSinceRequest = 0;
                }
            }
            int n = Math.min(target.remaining(), current.remaining());
            ByteBuffer slice = current.slice(current.position(), n);
            target.put(slice);
            current.position(current.position() + n);
            written += n;
        }
        if (written > 0) {
            waitingForPublisher = false;
            lastActivityNanos = System.nanoTime();
            return written;
        }
        if (ended && ready.isEmpty()) {
            waitingForPublisher = false;
            lastActivityNanos = System.nanoTime();
            Runnable action = allHandedOver;
            allHandedOver = null;
            if (action != null) {
                action.run();
            }
            return -1;
        }
        waitingForPublisher = true;
        return 0;
    }

    /** Stops the publisher when the transfer ends first. */
    void cancel() {
        Subscription s = subscription.getAndSet(CANCELLED);
        if (s != null && s != CANCELLED) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (!subscription.compareAndSet(null, s)) {
            s.cancel();
            return;
        }
        s.request(PREFETCH);
    }

    @Override
    public void onNext(ByteBuffer buffer) {
        if (buffer.hasRemaining()) {
            ready.offer(buffer);
        } else {
            Subscription s = subscription.get();
            if (s != null && s != CANCELLED) {
                s.request(1);
            }
        }
        wake();
    }

    @Override
    public void onError(Throwable error) {
        ended = true;
        Transfer t = transfer;
        if (t != null) {
            t.cancel(error);
        }
    }

    @Override
    public void onComplete() {
        ended = true;
        wake();
    }

    private void wake() {
        Transfer t = transfer;
        if (t != null) {
            t.resume();
        }
    }

    private static final Subscription CANCELLED = new Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };
}
