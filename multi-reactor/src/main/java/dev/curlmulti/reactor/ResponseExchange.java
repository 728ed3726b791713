package dev.curlmulti.reactor;

import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.LoopTimer;
import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.loop.TransferResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One request's exchange: the {@link TransferHandler} that turns the loop's events into the
 * response {@code Mono} ({@link ResponseSubscription}) and the body {@code Flux} ({@link BodyFlux},
 * which owns the backpressure).
 *
 * <p>Timeouts outside libcurl, on the loop's own timers, each cancelling the transfer with a typed
 * error:
 * <ul>
 *   <li>response timeout: no final head within the limit after the request was sent, counted from
 *       the moment libcurl had a connection for it ({@link #onRequestSent}), so time spent waiting
 *       for a free connection does not count; with a streamed body, from its last byte;</li>
 *   <li>idle timeout: no byte received or sent for the limit (head and trailer lines count as libcurl
 *       passes each whole line on), not counting time the consumer holds
 *       the transfer paused or the request body's publisher has nothing ready, nor the wait for a
 *       connection;</li>
 *   <li>body-subscribe timeout: the body not subscribed within the limit after the head (armed only
 *       when the subscriber did not subscribe to it while handling the response, the common case).</li>
 * </ul>
 */
final class ResponseExchange implements TransferHandler {
    private final CurlRequest request;
    private final ClientConfig config;
    /** The request's idle limit, else the client's; null for none. */
    private final Duration idleLimit;

    private final CurlEventLoop loop;
    private final ResponseSubscription response;
    private final BodyFlux body;
    private final boolean bodyInMemory;
    /** Set before the transfer starts; read by cancellation on any thread. */
    private volatile Transfer transfer;

    private UploadBridge upload;
    /** The request's observers, or null; told once, at the end. */
    private ObserverCalls observers;
    /** The final head's status, for observers of a transfer that fails after it. */
    private int headStatus;
    /** This exchange's number in the wire log, 0 until it logs. */
    private long wireId;

    private volatile boolean headSeen;

    // Loop thread only.
    private long received;
    private boolean tooLarge;
    private boolean finished;
    private long lastActivity;
    private long bytesSentAtLastLook;
    /** Decoded body and trailer bytes allowed, negative for no limit (the request's, else the client's). */
    private final long maxResponseSize;

    private LoopTimer responseTimer;
    private LoopTimer idleTimer;
    private LoopTimer subscribeTimer;

    // The result, asked for rarely: its sink is made only when someone asks.
    private TransferResult resultValue;
    private Throwable resultError;
    private boolean resultKnown;
    private Sinks.One<TransferResult> resultSink;

    ResponseExchange(
            CurlRequest request,
            ClientConfig config,
            CurlEventLoop loop,
            CoreSubscriber<? super CurlResponse> subscriber) {
        this.request = request;
        this.config = config;
        this.idleLimit = config.effective(ClientSettings.IDLE_TIMEOUT, request);
        this.maxResponseSize = config.maxResponseSize(request);
        this.loop = loop;
        this.response = new ResponseSubscription(subscriber, this::cancelBeforeHead);
        this.body = new BodyFlux(this, loop);
        // libcurl sends a multipart body by itself too: its byte counter shows progress (a
        // publisher part with nothing ready for the idle limit counts as idle).
        this.bodyInMemory = (request.body() instanceof RequestBody.Bytes bytes && bytes.contentLength() > 0)
                || request.body() instanceof MultipartBody;
    }

    /**
     * Before the transfer starts, on the subscriber's thread: the transfer to cancel (a cancel that
     * comes before it starts is kept by the engine) and the streamed body, if any.
     */
    void prepare(Transfer created, UploadBridge bridge, ObserverCalls observers) {
        this.transfer = created;
        this.upload = bridge;
        this.observers = observers;
        if (bridge != null) {
            bridge.attach(created);
            bridge.whenAllHandedOver(this::armResponseTimer);
        }
    }

    ResponseSubscription responseSubscription() {
        return response;
    }

    CurlRequest request() {
        return request;
    }

    private void cancelBeforeHead() {
        if (!headSeen) {
            cancelTransfer(null);
        }
    }

    void cancelTransfer(Throwable reason) {
        transfer.cancel(reason);
    }

    void resumeTransfer() {
        lastActivity = System.nanoTime();
        transfer.resume();
    }

    // ------------------------------------------------------------------- loop thread

    @Override
    public void onRequestSent() {
        lastActivity = System.nanoTime();
        if (upload == null) {
            armResponseTimer();
        }
        if (idleLimit != null) {
            armIdleTimer();
        }
    }

    /** Armed when the request is sent (with a streamed body: when its last byte went to libcurl). */
    private void armResponseTimer() {
        Duration limit = config.effective(ClientSettings.RESPONSE_TIMEOUT, request);
        if (limit == null || headSeen || finished) {
            return;
        }
        cancel(responseTimer);
        responseTimer = loop.schedule(
                () -> {
                    if (!headSeen && !finished) {
                        cancelTransfer(new CurlTimeoutException(
                                28, "no response head within " + limit.toMillis() + " ms of sending the request"));
                    }
                },
                limit.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void armIdleTimer() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), idleLimit.toNanos() / 4);
        idleTimer = loop.schedule(this::idleCheck, period, TimeUnit.NANOSECONDS);
    }

    /** Every quarter of the idle limit while the transfer runs. */
    private void idleCheck() {
        if (finished) {
            return;
        }
        armIdleTimer();
        if (body.pausedByConsumer() || (upload != null && upload.waitingForPublisher())) {
            return;
        }
        if (bodyInMemory && !headSeen) {
            // libcurl sends an in-memory body by itself: only its counter tells whether bytes moved.
            long sent = transfer.progress().bytesSent();
            if (sent != bytesSentAtLastLook) {
                bytesSentAtLastLook = sent;
                lastActivity = System.nanoTime();
            }
        }
        long last = upload == null ? lastActivity : Math.max(lastActivity, upload.lastActivityNanos());
        if (System.nanoTime() - last > idleLimit.toNanos()) {
            cancelTransfer(new CurlTimeoutException(
                    28,
                    "no data received or sent for " + idleLimit.toMillis()
                            + " ms (time the consumer held the transfer paused is not counted)"));
        }
    }

    @Override
    public void onHead(TransferHead head) {
        headSeen = true;
        headStatus = head.status();
        lastActivity = System.nanoTime();
        cancel(responseTimer);
        if (!response.complete(new CurlResponse(request, head, this, body))) {
            return; // the Mono was cancelled meanwhile: its cancel aborts the transfer
        }
        Duration subscribeLimit = config.get(ClientSettings.BODY_SUBSCRIBE_TIMEOUT);
        if (subscribeLimit != null && !body.subscribed() && !finished) {
            subscribeTimer = loop.schedule(
                    () -> {
                        // A body that already arrived whole stays available; only a transfer still holding
                        // its connection is aborted, and a late subscriber then gets the error, not a
                        // truncated body.
                        if (!body.subscribed() && !finished) {
                            body.dropQueued();
                            cancelTransfer(new IllegalStateException(
                                    "the response body was not subscribed within " + subscribeLimit.toMillis()
                                            + " ms; the transfer was aborted to free its connection"));
                        }
                    },
                    subscribeLimit.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    /** The body got its subscriber (on the loop thread). */
    void bodySubscribed() {
        cancel(subscribeTimer);
        subscribeTimer = null;
    }

    @Override
    public void onHeaderLine(int bytes, boolean trailer) {
        // Head and trailer lines are bytes received too: a head or trailers trickling in is not idle.
        lastActivity = System.nanoTime();
        if (trailer && !tooLarge) {
            // Trailers count toward the size limit with the body: libcurl keeps them all in memory.
            received += bytes;
            if (maxResponseSize >= 0 && received > maxResponseSize) {
                tooLarge = true;
                cancelTransfer(ClientConfig.trailersTooLarge(maxResponseSize));
            }
        }
    }

    @Override
    public boolean onData(ByteBuffer chunk) {
        lastActivity = System.nanoTime();
        if (tooLarge) {
            return true;
        }
        int length = chunk.remaining();
        if (maxResponseSize >= 0 && received + length > maxResponseSize) {
            // Counted after decoding, so a decompression bomb stops here too.
            tooLarge = true;
            cancelTransfer(ClientConfig.bodyTooLarge(maxResponseSize));
            return true;
        }
        if (body.offer(chunk)) {
            received += length;
            return true;
        }
        return false;
    }

    @Override
    public void onComplete(TransferResult facts) {
        // Observers first: whoever sees the end of the body also sees its meters and observation.
        if (observers != null) {
            observers.end(facts.responseCode(), facts, null);
        }
        finish(null);
        result(facts, null);
    }

    @Override
    public void onError(Throwable error) {
        if (observers != null) {
            observers.end(headStatus, null, error);
        }
        response.error(error);
        finish(error);
        result(null, error);
    }

    @Override
    public void onDebug(int type, ByteBuffer data) {
        wireId = WireLog.log(wireId, type, data);
    }

    @Override
    public boolean wantsTimings() {
        return config.get(ClientSettings.TIMINGS);
    }

    private void finish(Throwable error) {
        finished = true;
        if (upload != null) {
            upload.cancel();
        }
        cancel(responseTimer);
        cancel(idleTimer);
        cancel(subscribeTimer);
        body.finish(error);
    }

    private static void cancel(LoopTimer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    // ------------------------------------------------------------------------- the result

    private void result(TransferResult value, Throwable error) {
        Sinks.One<TransferResult> sink;
        synchronized (this) {
            resultValue = value;
            resultError = error;
            resultKnown = true;
            sink = resultSink;
        }
        if (sink != null) {
            emit(sink, value, error);
        }
    }

    /** Facts read at completion; the sink behind it is made on first use. */
    Mono<TransferResult> result() {
        Sinks.One<TransferResult> sink;
        boolean known;
        synchronized (this) {
            if (resultSink == null) {
                resultSink = Sinks.one();
            }
            sink = resultSink;
            known = resultKnown;
        }
        if (known) {
            emit(sink, resultValue, resultError);
        }
        return sink.asMono();
    }

    private static void emit(Sinks.One<TransferResult> sink, TransferResult value, Throwable error) {
        if (error != null) {
            sink.tryEmitError(error);
        } else {
            sink.tryEmitValue(value);
        }
    }

    long inMemoryLimit() {
        return config.get(ClientSettings.MAX_IN_MEMORY_SIZE);
    }
}
