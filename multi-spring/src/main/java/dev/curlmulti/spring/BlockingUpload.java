package dev.curlmulti.spring;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A request body written through an {@link OutputStream} by the calling thread and sent to libcurl
 * as it is written: the stream is also the body's {@link Publisher}. Writes gather into chunks of
 * {@value #CHUNK} bytes; a full chunk (or {@link #flush()}) is handed to libcurl when it asks for
 * more, and until then the writer waits: the body is never held in memory whole, and a slow
 * server slows the writer down. The writer waits on a {@link ReentrantLock} (a virtual thread
 * unmounts), never the loop thread: libcurl's side only records demand and wakes it.
 *
 * <p>Written by the caller's thread rather than a thread of our own (as Spring's JDK factory does
 * with its executor), so a blocking caller pays no thread hand-off and exceptions thrown while
 * writing reach it directly. Once the transfer no longer wants the body (it failed, or the server
 * answered early), writes throw {@link Abandoned}. One writer thread, one subscriber.
 */
final class BlockingUpload extends OutputStream implements Publisher<ByteBuffer> {
    static final int CHUNK = 64 * 1024;

    /** The transfer stopped reading the body; the response (or its error) tells why. */
    static final class Abandoned extends IOException {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super("the request body is no longer wanted: the transfer ended before it was all sent");
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Subscriber<? super ByteBuffer> subscriber;
    private long demand;
    private boolean cancelled;
    private boolean closed;
    private byte[] chunk = new byte[CHUNK];
    private int count;

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> s) {
        lock.lock();
        try {
            if (subscriber != null) {
                s.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
                s.onError(new IllegalStateException("a streamed request body can be sent only once"));
                return;
            }
            subscriber = s;
        } finally {
            lock.unlock();
        }
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                lock.lock();
                try {
                    demand = n <= 0 || demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void cancel() {
                lock.lock();
                try {
                    cancelled = true;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        });
        // A writer that finished before libcurl subscribed is waiting for this to send the end.
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        chunk[count++] = (byte) b;
        if (count == CHUNK) {
            emit();
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureOpen();
        while (length > 0) {
            int n = Math.min(length, CHUNK - count);
            System.arraycopy(bytes, offset, chunk, count, n);
            count += n;
            offset += n;
            length -= n;
            if (count == CHUNK) {
                emit();
            }
        }
    }

    /** Sends what has been written so far (waiting for libcurl to ask for it). */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        if (count > 0) {
            emit();
        }
    }

    /** Sends the rest and ends the body. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (count > 0) {
            emit();
        }
        closed = true;
        awaitSubscriber();
        subscriber.onComplete();
    }

    /** Ends the body with {@code error} (the code writing it failed); the transfer fails with it. */
    void fail(Throwable error) {
        if (closed) {
            return;
        }
        closed = true;
        lock.lock();
        try {
            if (subscriber == null || cancelled) {
                return;
            }
        } finally {
            lock.unlock();
        }
        subscriber.onError(error);
    }

    private void emit() throws IOException {
        lock.lock();
        try {
            while (!cancelled && (subscriber == null || demand == 0)) {
                awaitChange();
            }
            if (cancelled) {
                throw new Abandoned();
            }
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
        } finally {
            lock.unlock();
        }
        // Outside the lock: the subscriber may request more from inside onNext.
        ByteBuffer full = ByteBuffer.wrap(chunk, 0, count);
        chunk = new byte[CHUNK];
        count = 0;
        subscriber.onNext(full);
    }

    private void awaitSubscriber() throws IOException {
        lock.lock();
        try {
            while (subscriber == null && !cancelled) {
                awaitChange();
            }
            if (cancelled) {
                throw new Abandoned();
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitChange() throws InterruptedIOException {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send the request body");
        }
    }

    /**
     * The transfer ended (or will never read the body): a writer waiting for libcurl, or one that
     * writes later, gets {@link Abandoned}. Any thread; harmless after the body was all sent.
     */
    void abandon() {
        lock.lock();
        try {
            cancelled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the request body stream is closed");
        }
    }
}
