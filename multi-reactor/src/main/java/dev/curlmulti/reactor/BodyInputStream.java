package dev.curlmulti.reactor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * A blocking {@link InputStream} over a response body ({@link CurlResponse#bodyAsInputStream()}),
 * reading the pooled chunks of {@link CurlResponse#bodyChunks()}: it asks for {@value #CHUNKS_AHEAD}
 * chunks ahead and one more as each is read and released, so the transfer is backpressured by the
 * reader and a body costs no buffer per chunk. A blocked reader parks its own thread (virtual threads
 * unmount); the loop thread never waits for it. Closing before the end cancels the rest of the body
 * (the transfer is aborted) and releases what was buffered. An interrupted reader gets an
 * {@link InterruptedIOException} and the body is cancelled. One reader thread at a time, as for any
 * {@code InputStream}; {@link #close()} from any thread.
 */
final class BodyInputStream extends InputStream implements CoreSubscriber<BodyChunk> {
    private static final int CHUNKS_AHEAD = 4;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<BodyChunk> ready = new ArrayDeque<>(CHUNKS_AHEAD);
    private Subscription subscription;
    private boolean done;
    private Throwable failure;
    private boolean closed;
    /** The chunk being read (reader thread), and how much of it was read. */
    private BodyChunk current;

    private int position;

    BodyInputStream(Flux<BodyChunk> body) {
        body.subscribe(this);
    }

    // ------------------------------------------------------------------ subscriber, loop thread

    @Override
    public void onSubscribe(Subscription s) {
        lock.lock();
        try {
            subscription = s;
            if (closed) {
                s.cancel();
                return;
            }
        } finally {
            lock.unlock();
        }
        s.request(CHUNKS_AHEAD);
    }

    @Override
    public void onNext(BodyChunk chunk) {
        lock.lock();
        try {
            if (closed) {
                chunk.release();
                return;
            }
            ready.add(chunk);
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onError(Throwable error) {
        end(error);
    }

    @Override
    public void onComplete() {
        end(null);
    }

    private void end(Throwable error) {
        lock.lock();
        try {
            done = true;
            failure = error;
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------- reader thread
    // Chunks are read under the lock, so a close() from another thread never releases a chunk
    // while the reader copies from it.

    @Override
    public int read() throws IOException {
        lock.lock();
        try {
            return fill() ? current.get(position++) & 0xff : -1;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        lock.lock();
        try {
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, current.length() - position);
            current.copyTo(position, target, offset, n);
            position += n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return closed || current == null ? 0 : current.length() - position;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock: makes {@link #current} a chunk with bytes left, waiting for one; false at the
     * end of the body (or once closed).
     */
    private boolean fill() throws IOException {
        if (closed) {
            return false;
        }
        if (current != null && position < current.length()) {
            return true;
        }
        if (current != null) {
            current.release();
            current = null;
            subscription.request(1);
        }
        while (ready.isEmpty() && !done && !closed) {
            try {
                arrived.await();
            } catch (InterruptedException e) {
                Subscription toCancel = closeLocked();
                if (toCancel != null) {
                    toCancel.cancel();
                }
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the response body");
            }
        }
        if (closed) {
            return false;
        }
        current = ready.poll();
        position = 0;
        if (current == null) {
            if (failure != null) {
                throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
            }
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        Subscription toCancel;
        lock.lock();
        try {
            toCancel = closeLocked();
        } finally {
            lock.unlock();
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
    }

    /** Under the lock: closes and releases what is held; the subscription to cancel (outside the lock), if any. */
    private Subscription closeLocked() {
        if (closed) {
            return null;
        }
        closed = true;
        if (current != null) {
            current.release();
            current = null;
        }
        BodyChunk chunk;
        while ((chunk = ready.poll()) != null) {
            chunk.release();
        }
        arrived.signalAll();
        return subscription;
    }
}
