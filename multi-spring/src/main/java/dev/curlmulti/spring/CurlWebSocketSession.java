package dev.curlmulti.spring;

import dev.curlmulti.reactor.websocket.CurlWebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.PooledDataBuffer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.adapter.AbstractWebSocketSession;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * Spring's {@code WebSocketSession} over a {@link CurlWebSocket}, as {@link CurlWebSocketClient}
 * hands it to a handler. Messages are converted both ways here; the session's behaviour (ordering,
 * backpressure, the close handshake) is {@link CurlWebSocket}'s. Thread-safe, like the session it
 * wraps.
 */
final class CurlWebSocketSession extends AbstractWebSocketSession<CurlWebSocket> {
    private static final AtomicLong IDS = new AtomicLong();
    private final AtomicBoolean receiving = new AtomicBoolean();

    CurlWebSocketSession(CurlWebSocket ws, HandshakeInfo info, DataBufferFactory bufferFactory) {
        super(ws, "curl-ws-" + IDS.incrementAndGet(), info, bufferFactory);
    }

    /**
     * The session's messages. Cancelling stops their delivery but not the reading, which goes on
     * (dropping them, answering pings) until the session ends: as with Spring's listener-based
     * sessions, the end of the handler decides how the session closes, so an error that cancels
     * {@code receive()} on its way still closes with 1011.
     */
    @Override
    public Flux<WebSocketMessage> receive() {
        return Flux.create(sink -> {
            receiving.set(true);
            Relay relay = new Relay(sink);
            sink.onRequest(relay.upstream::request);
            sink.onCancel(relay::drain);
            getDelegate().receive().subscribe(relay);
        });
    }

    /**
     * Closes the session once its handler has ended, completing when it has. Messages the handler
     * never asked for are read and dropped: the peer's answer to our close frame may wait behind them.
     */
    Mono<Void> end(dev.curlmulti.reactor.websocket.CloseStatus status) {
        if (receiving.compareAndSet(false, true)) {
            getDelegate().receive().subscribe(message -> {}, error -> {});
        }
        return getDelegate().close(status);
    }

    @Override
    public Mono<Void> send(Publisher<WebSocketMessage> messages) {
        // Messages the source drops unsent (queued when the session ends) still give their buffers back.
        return getDelegate()
                .send(Flux.from(messages)
                        .map(CurlWebSocketSession::toCurl)
                        .doOnDiscard(WebSocketMessage.class, WebSocketMessage::release));
    }

    @Override
    public boolean isOpen() {
        return getDelegate().isOpen();
    }

    /**
     * Starts the close handshake when subscribed, completing once the session has ended. A status
     * that cannot be sent (1005, 1006, 1015) or a reason over 123 UTF-8 bytes is an
     * {@link IllegalArgumentException} in the {@code Mono}.
     */
    @Override
    public Mono<Void> close(CloseStatus status) {
        return Mono.defer(() -> getDelegate()
                .close(new dev.curlmulti.reactor.websocket.CloseStatus(
                        status.getCode(), status.getReason() == null ? "" : status.getReason())));
    }

    /** The peer's close status (ours if it never answered); empty when the connection dropped without one (1006). */
    @Override
    public Mono<CloseStatus> closeStatus() {
        return getDelegate()
                .closeStatus()
                .filter(status -> status.code() != dev.curlmulti.reactor.websocket.CloseStatus.ABNORMAL.code())
                .map(status -> CloseStatus.create(status.code(), status.reason()));
    }

    /** Passes on what is asked for; once cancelled, asks for everything and drops it. */
    private final class Relay implements CoreSubscriber<dev.curlmulti.reactor.websocket.WebSocketMessage> {
        final Operators.DeferredSubscription upstream = new Operators.DeferredSubscription();
        private final FluxSink<WebSocketMessage> sink;
        private volatile boolean draining;

        Relay(FluxSink<WebSocketMessage> sink) {
            this.sink = sink;
        }

        void drain() {
            draining = true;
            upstream.request(Long.MAX_VALUE);
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            upstream.set(subscription);
        }

        @Override
        public void onNext(dev.curlmulti.reactor.websocket.WebSocketMessage message) {
            if (!draining) {
                sink.next(toSpring(message));
            }
        }

        @Override
        public void onError(Throwable error) {
            sink.error(error);
        }

        @Override
        public void onComplete() {
            sink.complete();
        }
    }

    /** Received: the payload wrapped as it is (our messages are immutable and GC-owned). */
    private WebSocketMessage toSpring(dev.curlmulti.reactor.websocket.WebSocketMessage message) {
        WebSocketMessage.Type type = switch (message.type()) {
            case TEXT -> WebSocketMessage.Type.TEXT;
            case BINARY -> WebSocketMessage.Type.BINARY;
            case PING -> WebSocketMessage.Type.PING;
            case PONG -> WebSocketMessage.Type.PONG;
        };
        return new WebSocketMessage(type, bufferFactory().wrap(message.payload()), message);
    }

    /** To send: the payload taken out of its buffer, which is released here. */
    private static dev.curlmulti.reactor.websocket.WebSocketMessage toCurl(WebSocketMessage message) {
        DataBuffer payload = message.getPayload();
        try {
            return switch (message.getType()) {
                case TEXT ->
                    dev.curlmulti.reactor.websocket.WebSocketMessage.text(payload.toString(StandardCharsets.UTF_8));
                case BINARY -> dev.curlmulti.reactor.websocket.WebSocketMessage.binary(bytesOf(payload));
                case PING -> dev.curlmulti.reactor.websocket.WebSocketMessage.ping(copyOf(payload));
                case PONG -> dev.curlmulti.reactor.websocket.WebSocketMessage.pong(copyOf(payload));
            };
        } finally {
            DataBufferUtils.release(payload);
        }
    }

    /**
     * The readable bytes: a view when the buffer is garbage-collected and in one piece (releasing it
     * frees nothing), a copy when it is pooled and goes back to its pool once released.
     */
    private static ByteBuffer bytesOf(DataBuffer buffer) {
        if (!(buffer instanceof PooledDataBuffer)) {
            try (DataBuffer.ByteBufferIterator pieces = buffer.readableByteBuffers()) {
                if (pieces.hasNext()) {
                    ByteBuffer first = pieces.next();
                    if (!pieces.hasNext()) {
                        return first;
                    }
                }
            }
        }
        return ByteBuffer.wrap(copyOf(buffer));
    }

    private static byte[] copyOf(DataBuffer buffer) {
        byte[] bytes = new byte[buffer.readableByteCount()];
        buffer.read(bytes);
        return bytes;
    }
}
