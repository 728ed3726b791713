package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.reactor.internal.ChunkPool;
import dev.curlmulti.reactor.internal.PooledChunk;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * A response body as a {@code Flux} written for the loop, in the spirit of Reactor Netty's
 * {@code FluxReceive}: each chunk goes from libcurl's write callback straight to the subscriber,
 * on the loop thread, while there is demand; without demand up to {@value #HIGH_WATERMARK} bytes
 * are queued, each chunk in an array of its own ({@link BodyQueue}; each counts {@value #CHUNK_COST} more), then
 * the transfer is paused (libcurl stops reading, the server is held back) until the queue drains
 * below {@value #LOW_WATERMARK}. Demand asked on the loop thread is served at once; from another
 * thread it is handed to the loop. No intermediate buffer or queue of Reactor's.
 *
 * <p>One subscriber, in one of two forms: this {@code Flux} emits heap buffers the subscriber owns
 * ({@link CurlResponse#body()}); {@link #chunks()} emits pooled {@link BodyChunk}s the subscriber
 * releases ({@link CurlResponse#bodyChunks()}). A second subscriber, in either form, gets
 * {@link IllegalStateException}. Signals never overlap: all come from the loop thread (or, once the
 * loop has closed, from the thread that asks, one at a time).
 */
final class BodyFlux extends Flux<ByteBuffer> implements Subscription {
    static final int HIGH_WATERMARK = 256 * 1024;
    static final int LOW_WATERMARK = 64 * 1024;
    /**
     * What a queued chunk costs besides its bytes (the buffer object, the queue slot): counted
     * against the watermarks, so a server sending one-byte chunks fills the queue by count, at a few
     * thousand chunks, not at 256 Ki of them.
     */
    static final int CHUNK_COST = 64;

    private static final AtomicLongFieldUpdater<BodyFlux> REQUESTED =
            AtomicLongFieldUpdater.newUpdater(BodyFlux.class, "requested");
    private static final AtomicIntegerFieldUpdater<BodyFlux> CLAIMED =
            AtomicIntegerFieldUpdater.newUpdater(BodyFlux.class, "claimed");

    private final ResponseExchange exchange;
    private final CurlEventLoop loop;
    private final Flux<BodyChunk> chunks = new ChunkFlux();
    private volatile CoreSubscriber<Object> actual;
    /** The subscriber takes pooled chunks (else heap copies); set before {@link #actual}. */
    private volatile boolean pooled;

    private volatile long requested;
    private volatile int claimed;
    private volatile boolean cancelled;

    // Loop thread only.
    private final BodyQueue queue = new BodyQueue();
    private ChunkPool pool;
    private boolean paused;
    private boolean finished;
    private Throwable failure;
    private boolean terminated;
    private boolean draining;
    private boolean drainAgain;

    BodyFlux(ResponseExchange exchange, CurlEventLoop loop) {
        this.exchange = exchange;
        this.loop = loop;
    }

    @Override
    public void subscribe(CoreSubscriber<? super ByteBuffer> subscriber) {
        claim(subscriber, false);
    }

    /** The same body as pooled chunks the subscriber releases (one subscriber, in either form). */
    Flux<BodyChunk> chunks() {
        return chunks;
    }

    @SuppressWarnings("unchecked")
    private void claim(CoreSubscriber<?> subscriber, boolean pooledForm) {
        if (!CLAIMED.compareAndSet(this, 0, 1)) {
            Operators.error(
                    subscriber,
                    new IllegalStateException(
                            "the response body of " + exchange.request() + " can be subscribed only once"));
            return;
        }
        pooled = pooledForm;
        actual = (CoreSubscriber<Object>) subscriber;
        subscriber.onSubscribe(this);
        onLoop(() -> {
            exchange.bodySubscribed();
            drain();
        });
    }

    /** Claims the body for nobody: the transfer is aborted unless it has finished. */
    void discard() {
        CLAIMED.set(this, 1);
        cancel();
    }

    boolean subscribed() {
        return claimed == 1;
    }

    /** True while this body holds the transfer paused because its subscriber has not asked for more. */
    boolean pausedByConsumer() {
        return paused;
    }

    // ---------------------------------------------------------------- Subscription, any thread

    @Override
    public void request(long n) {
        if (n <= 0) {
            onLoop(() -> failEarly(new IllegalArgumentException("§3.9: request(" + n + ") of a response body")));
            return;
        }
        Operators.addCap(REQUESTED, this, n);
        onLoop(this::drain);
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            actual = null; // §3.13: no reference to the subscriber after cancel
            exchange.cancelTransfer(null);
            onLoop(this::dropQueue);
        }
    }

    // -------------------------------------------------------------------------- loop thread

    /**
     * A chunk from libcurl (a view valid only during the call). Returns false to pause the
     * transfer; the same bytes are then offered again after the resume.
     */
    boolean offer(ByteBuffer chunk) {
        if (cancelled) {
            return true;
        }
        CoreSubscriber<Object> subscriber = actual;
        if (queue.isEmpty() && subscriber != null && requested > 0 && !terminated) {
            produced();
            subscriber.onNext(pooled ? pool().copyOf(chunk, exchange.request()) : copy(chunk));
            return true;
        }
        if (queue.cost() >= HIGH_WATERMARK) {
            paused = true;
            return false;
        }
        queue.add(PooledChunk.unpooledCopyOf(chunk));
        return true;
    }

    /** The transfer ended; the body ends after what is queued ({@code error} null: complete). */
    void finish(Throwable error) {
        finished = true;
        failure = error;
        drain();
    }

    /** The loop thread's chunk pool, looked up once: offers come only from the loop thread. */
    private ChunkPool pool() {
        if (pool == null) {
            pool = ChunkPool.forThisThread();
        }
        return pool;
    }

    /** Emits what is queued while there is demand, ends the body, resumes the transfer below the low watermark. */
    private void drain() {
        if (draining) {
            drainAgain = true;
            return;
        }
        draining = true;
        try {
            do {
                drainAgain = false;
                CoreSubscriber<Object> subscriber = actual;
                if (subscriber == null || terminated) {
                    return;
                }
                while (!queue.isEmpty() && requested > 0 && !cancelled) {
                    PooledChunk next = queue.poll();
                    produced();
                    subscriber.onNext(pooled ? next : next.takeArray());
                }
                if (cancelled) {
                    return;
                }
                if (finished && queue.isEmpty()) {
                    terminated = true;
                    actual = null;
                    if (failure != null) {
                        subscriber.onError(failure);
                    } else {
                        subscriber.onComplete();
                    }
                    return;
                }
                if (paused && queue.cost() <= LOW_WATERMARK && !finished) {
                    paused = false;
                    exchange.resumeTransfer();
                }
            } while (drainAgain);
        } finally {
            draining = false;
        }
    }

    private void failEarly(Throwable error) {
        CoreSubscriber<Object> subscriber = actual;
        if (subscriber != null && !terminated) {
            terminated = true;
            actual = null;
            cancelled = true;
            exchange.cancelTransfer(null);
            dropQueue();
            subscriber.onError(error);
        }
    }

    /** Forgets what is queued (the transfer is being aborted: a late subscriber gets its error, not a part). */
    void dropQueued() {
        dropQueue();
    }

    private void dropQueue() {
        queue.releaseAll();
    }

    private void produced() {
        long current = requested;
        if (current != Long.MAX_VALUE) {
            REQUESTED.decrementAndGet(this);
        }
    }

    /**
     * Runs a body task (drain, drop) on the loop thread, at once when already there; if the loop
     * has closed, after it, since a subscriber whose transfer the close failed must still get the
     * queued chunks it asks for and then its error.
     */
    private void onLoop(Runnable task) {
        if (loop.inLoop()) {
            task.run();
        } else {
            loop.executeEvenAfterClose(task);
        }
    }

    private static ByteBuffer copy(ByteBuffer chunk) {
        ByteBuffer copy = ByteBuffer.allocate(chunk.remaining());
        copy.put(chunk);
        return copy.flip();
    }

    /** The body as pooled chunks: the same subscription, the other form. */
    private final class ChunkFlux extends Flux<BodyChunk> {
        @Override
        public void subscribe(CoreSubscriber<? super BodyChunk> subscriber) {
            claim(subscriber, true);
        }
    }
}
