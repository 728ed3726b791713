package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.TransferResult;
import reactor.core.Disposable;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One request's exchange: the {@link TransferHandler} that turns the loop's events into the
 * response {@code Mono} and the body {@code Flux}, with backpressure.
 *
 * <p>Body bytes are copied into heap buffers the GC owns and emitted while the subscriber has
 * demand. Without demand up to {@value #HIGH_WATERMARK} bytes are queued; beyond that the transfer
 * is paused (libcurl stops reading the socket, the server is held back) until the queue drains
 * below {@value #LOW_WATERMARK}. Queue and emission run on the loop thread only; demand from other
 * threads is handed to the loop.
 *
 * <p>Timeouts outside libcurl, each cancelling the transfer with a typed error:
 * <ul>
 *   <li>response timeout: no final head within the limit after the request was sent, counted from
 *       the moment libcurl had a connection for it ({@link #onRequestSent}), so time spent waiting
 *       for a free connection does not count; with a streamed body, from its last byte;</li>
 *   <li>idle timeout: no byte received or sent for the limit, not counting time the consumer holds
 *       the transfer paused or the request body's publisher has nothing ready, nor the wait for a
 *       connection;</li>
 *   <li>body-subscribe timeout: the body not subscribed within the limit after the head.</li>
 * </ul>
 */
final class ResponseExchange implements TransferHandler {
    static final int HIGH_WATERMARK = 256 * 1024;
    static final int LOW_WATERMARK = 64 * 1024;

    private final CurlRequest request;
    private final ClientConfig config;
    private final CurlEventLoop loop;
    private final MonoSink<CurlResponse> responseSink;
    private final Sinks.One<TransferResult> result = Sinks.one();
    /** Set before the transfer starts; read by timers and cancellation on any thread. */
    private volatile Transfer transfer;
    private UploadBridge upload;
    private final boolean bodyInMemory;
    private long bytesSentAtLastLook;

    // Loop thread only.
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean paused;
    private boolean draining;
    private boolean drainAgain;
    private boolean finished;
    private Throwable failure;
    private boolean bodyTerminated;
    private long received;
    private boolean tooLarge;

    private volatile FluxSink<ByteBuffer> body;
    private volatile boolean bodyCancelled;
    private volatile boolean headSeen;
    /** Set once the response went to the Mono; until then any error must go there, or it never completes. */
    private volatile boolean responseEmitted;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean consumerPaused;
    private Disposable responseTimer;
    private Disposable idleTimer;
    private Disposable subscribeTimer;

    ResponseExchange(CurlRequest request, ClientConfig config, CurlEventLoop loop, MonoSink<CurlResponse> responseSink) {
        this.request = request;
        this.config = config;
        this.loop = loop;
        this.responseSink = responseSink;
        this.bodyInMemory = request.body() instanceof RequestBody.Bytes bytes && bytes.contentLength() > 0;
    }

    /**
     * Before the transfer starts, on the subscriber's thread: the transfer to cancel (a cancel that
     * comes before it starts is kept by the engine) and the streamed body, if any.
     */
    void prepare(Transfer created, UploadBridge bridge) {
        this.transfer = created;
        this.upload = bridge;
        if (bridge != null) {
            bridge.attach(created);
            bridge.whenAllHandedOver(this::uploadHandedOver);
        }
        responseSink.onCancel(() -> {
            if (!headSeen) {
                cancel(null);
            }
        });
    }

    private void cancel(Throwable reason) {
        transfer.cancel(reason);
    }

    // ------------------------------------------------------------------- loop thread

    @Override
    public void onRequestSent() {
        lastActivity = System.nanoTime();
        if (upload == null) {
            armResponseTimer();
        }
        if (config.idleTimeout != null) {
            long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), config.idleTimeout.toNanos() / 4);
            idleTimer = Schedulers.parallel().schedulePeriodically(this::idleTick, period, period, TimeUnit.NANOSECONDS);
        }
    }

    /** The streamed request body's last byte went to libcurl: the wait for the response starts. */
    private void uploadHandedOver() {
        armResponseTimer();
    }

    private void armResponseTimer() {
        Duration limit = config.responseTimeout;
        if (limit == null || headSeen || finished) {
            return;
        }
        responseTimer = Schedulers.parallel().schedule(() -> {
            if (!headSeen) {
                cancel(new CurlTimeoutException(28, "no response head within " + limit.toMillis()
                        + " ms of sending the request"));
            }
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Every quarter of the idle limit, on a timer thread. */
    private void idleTick() {
        if (consumerPaused || (upload != null && upload.waitingForPublisher())) {
            return;
        }
        if (!idleTooLong()) {
            return;
        }
        if (bodyInMemory && !headSeen) {
            // libcurl sends an in-memory body by itself: only its counter tells whether bytes moved.
            executeOnLoop(this::idleTickWithUploadCounter);
        } else {
            cancel(idleError());
        }
    }

    private void idleTickWithUploadCounter() {
        if (finished) {
            return;
        }
        long sent = transfer.progress().bytesSent();
        if (sent != bytesSentAtLastLook) {
            bytesSentAtLastLook = sent;
            lastActivity = System.nanoTime();
        } else if (idleTooLong()) {
            cancel(idleError());
        }
    }

    private boolean idleTooLong() {
        long last = lastActivity;
        if (upload != null) {
            last = Math.max(last, upload.lastActivityNanos());
        }
        return System.nanoTime() - last > config.idleTimeout.toNanos();
    }

    private CurlTimeoutException idleError() {
        return new CurlTimeoutException(28, "no data received or sent for " + config.idleTimeout.toMillis()
                + " ms (time the consumer held the transfer paused is not counted)");
    }

    private void executeOnLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (IllegalStateException closed) {
            // the loop has ended this transfer already
        }
    }

    @Override
    public void onHead(TransferHead head) {
        headSeen = true;
        lastActivity = System.nanoTime();
        dispose(responseTimer);
        Duration subscribeLimit = config.bodySubscribeTimeout;
        if (subscribeLimit != null) {
            subscribeTimer = Schedulers.parallel().schedule(() -> runOnLoop(() -> {
                // A body that already arrived whole stays available; only a transfer still holding
                // its connection is aborted, and a late subscriber then gets the error, not a
                // truncated body.
                if (body == null && !finished && !bodyCancelled) {
                    bodyCancelled = true;
                    cancel(new IllegalStateException("the response body was not subscribed within "
                            + subscribeLimit.toMillis() + " ms; the transfer was aborted to free its connection"));
                    dropQueue();
                }
            }), subscribeLimit.toNanos(), TimeUnit.NANOSECONDS);
        }
        responseSink.success(new CurlResponse(request, head, this));
        responseEmitted = true;
    }

    @Override
    public boolean onData(ByteBuffer chunk) {
        lastActivity = System.nanoTime();
        if (bodyCancelled || tooLarge) {
            return true;
        }
        int length = chunk.remaining();
        if (config.maxResponseSize >= 0 && received + length > config.maxResponseSize) {
            // Counted after decoding, so a decompression bomb stops here too.
            tooLarge = true;
            transfer.cancel(config.bodyTooLarge());
            return true;
        }
        FluxSink<ByteBuffer> sink = body;
        if (queue.isEmpty() && sink != null && sink.requestedFromDownstream() > 0) {
            received += length;
            sink.next(copy(chunk));
            return true;
        }
        if (queuedBytes < HIGH_WATERMARK) {
            received += length;
            queue.add(copy(chunk));
            queuedBytes += length;
            return true;
        }
        paused = true;
        consumerPaused = true;
        return false;
    }

    @Override
    public void onComplete(TransferResult facts) {
        finish(null);
        result.tryEmitValue(facts);
    }

    @Override
    public void onError(Throwable error) {
        if (!responseEmitted) {
            responseSink.error(error);
        }
        finish(error);
        result.tryEmitError(error);
    }

    @Override
    public boolean wantsTimings() {
        return config.timings;
    }

    private void finish(Throwable error) {
        finished = true;
        if (upload != null) {
            upload.cancel();
        }
        failure = error;
        dispose(responseTimer);
        dispose(idleTimer);
        dispose(subscribeTimer);
        drain();
    }

    /** Emits queued chunks while there is demand; completes the body; resumes the transfer below the low watermark. */
    void drain() {
        if (draining) {
            drainAgain = true;
            return;
        }
        draining = true;
        try {
            do {
                drainAgain = false;
                FluxSink<ByteBuffer> sink = body;
                if (sink == null || bodyTerminated) {
                    return;
                }
                while (!queue.isEmpty() && sink.requestedFromDownstream() > 0 && !bodyCancelled) {
                    ByteBuffer next = queue.poll();
                    queuedBytes -= next.remaining();
                    sink.next(next);
                }
                if (finished && queue.isEmpty()) {
                    bodyTerminated = true;
                    if (failure != null) {
                        sink.error(failure);
                    } else {
                        sink.complete();
                    }
                    return;
                }
                if (paused && queuedBytes <= LOW_WATERMARK && !finished) {
                    paused = false;
                    consumerPaused = false;
                    lastActivity = System.nanoTime();
                    transfer.resume();
                }
            } while (drainAgain);
        } finally {
            draining = false;
        }
    }

    // --------------------------------------------------------------------- any thread

    /** Called when the body Flux is subscribed (once). */
    void bodySubscribed(FluxSink<ByteBuffer> sink) {
        sink.onRequest(n -> runOnLoop(this::drain));
        sink.onCancel(() -> {
            bodyCancelled = true;
            // Rule 3.13: after cancel, hold no reference to the subscriber.
            body = null;
            cancel(null);
            runOnLoop(this::dropQueue);
        });
        body = sink;
        runOnLoop(this::drain);
    }

    private void dropQueue() {
        queue.clear();
        queuedBytes = 0;
    }

    /** Aborts the transfer if the body is not wanted. */
    void discard() {
        bodyCancelled = true;
        cancel(null);
        runOnLoop(this::dropQueue);
    }

    long inMemoryLimit() {
        return config.maxInMemorySize;
    }

    reactor.core.publisher.Mono<TransferResult> result() {
        return result.asMono();
    }

    /**
     * Runs a body task (drain, drop) on the loop thread; if the loop has closed, after it, since a
     * subscriber whose transfer the close failed must still get the queued chunks it asks for and
     * then its error (dropping the task left such a subscriber without a terminal signal).
     */
    private void runOnLoop(Runnable task) {
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

    private static void dispose(Disposable disposable) {
        if (disposable != null) {
            disposable.dispose();
        }
    }
}
