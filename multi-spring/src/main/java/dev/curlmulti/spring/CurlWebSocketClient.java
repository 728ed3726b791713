package dev.curlmulti.spring;

import dev.curlmulti.core.loop.Headers;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.websocket.CloseStatus;
import dev.curlmulti.reactor.websocket.CurlWebSocket;
import dev.curlmulti.reactor.websocket.WebSocketRequest;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import reactor.core.publisher.Mono;

/**
 * Spring WebFlux's {@link WebSocketClient} on libcurl (8.14 or newer): a WebFlux application
 * switches to it from {@code ReactorNettyWebSocketClient} or {@code StandardWebSocketClient} by
 * constructing this instead; its {@link WebSocketHandler}s stay as they are.
 *
 * <p>{@link #execute(URI, HttpHeaders, WebSocketHandler)} opens a session per subscription with the
 * request headers and the handler's {@linkplain WebSocketHandler#getSubProtocols() subprotocols}
 * (a {@code Sec-WebSocket-Protocol} header adds to them; the headers the handshake sets itself,
 * {@code Upgrade}, {@code Connection}, {@code Sec-WebSocket-Key} and {@code -Version}, are left out),
 * hands the session to the handler, and when the handler's {@code Mono} ends closes it: with 1000
 * after completion, with 1011 ({@code SERVER_ERROR}) after an error. The returned {@code Mono}
 * completes once the session has ended (the peer answered the close, or the close timeout passed),
 * so its connection is released; it errors with the handler's error, or with the failure to open:
 * {@code WebSocketHandshakeException} for a status other than 101 (404, 401...), the client's
 * {@code CurlException} types for connect, DNS and TLS failures, {@link UnsupportedOperationException}
 * on a libcurl without WebSocket support. Cancelling it closes the session with 1000.
 *
 * <p>Received text and binary messages wrap their bytes without a copy in buffers of the
 * {@linkplain #withBufferFactory buffer factory} (default {@link DefaultDataBufferFactory}); pings
 * are answered by libcurl's session and pongs are not delivered. Messages sent are converted and
 * their buffers released before they are written. {@code closeStatus()} gives the peer's close
 * status, and is empty when the connection dropped without one (then {@code receive()} errors with a
 * {@code WebSocketException}). Cancelling {@code receive()} (as {@code take(n)} does) stops the
 * delivery but not the session: the handler's end closes it.
 *
 * <p><b>Threading:</b> immutable and thread-safe; {@code with...} methods return a new client. A
 * session's {@code receive()} emits on a libcurl loop thread, which a handler must not block
 * ({@code publishOn} a scheduler for blocking work). <b>Ownership:</b> the {@link CurlClient} is the
 * caller's, who disposes it (disposing it ends the sessions still open); this client holds nothing
 * else that needs closing.
 */
public final class CurlWebSocketClient implements WebSocketClient {
    private static final Set<String> HANDSHAKE_HEADERS =
            Set.of("upgrade", "connection", "sec-websocket-key", "sec-websocket-version");

    private final CurlClient client;
    private final Consumer<WebSocketRequest.Builder> customizer;
    private final DataBufferFactory bufferFactory;

    /**
     * A WebSocket client on {@code client}, which stays the caller's, with {@link WebSocketRequest}'s
     * defaults: 1 MiB messages, 30 s handshake, 5 s close timeout, no pings.
     */
    public CurlWebSocketClient(CurlClient client) {
        this(Objects.requireNonNull(client, "client"), builder -> {}, DefaultDataBufferFactory.sharedInstance);
    }

    private CurlWebSocketClient(
            CurlClient client, Consumer<WebSocketRequest.Builder> customizer, DataBufferFactory bufferFactory) {
        this.client = client;
        this.customizer = customizer;
        this.bufferFactory = bufferFactory;
    }

    /**
     * This client with {@code customizer} applied to every session's request after the settings
     * before it (limits, timers, extra headers). It is tried once at once, so a bad value fails here.
     *
     * @throws IllegalArgumentException a value the request builder refuses
     */
    public CurlWebSocketClient withRequest(Consumer<WebSocketRequest.Builder> customizer) {
        Objects.requireNonNull(customizer, "customizer");
        customizer.accept(WebSocketRequest.builder("ws://localhost/"));
        return new CurlWebSocketClient(client, this.customizer.andThen(customizer), bufferFactory);
    }

    /**
     * The largest message a session accepts (default 1 MiB), whole after its fragments; a larger one
     * ends the session with 1009 and errors {@code receive()} with {@code WebSocketTooLargeException}.
     * Reactor Netty's counterpart is {@code maxFramePayloadLength} (default 64 KiB).
     */
    public CurlWebSocketClient withMaxMessageSize(int bytes) {
        return withRequest(builder -> builder.maxMessageSize(bytes));
    }

    /** How long connecting and the upgrade may take (default 30 s). */
    public CurlWebSocketClient withHandshakeTimeout(Duration timeout) {
        return withRequest(builder -> builder.handshakeTimeout(timeout));
    }

    /** Sends a ping every {@code interval} and ends a session whose peer stops answering (default: no pings). */
    public CurlWebSocketClient withPingInterval(Duration interval) {
        return withRequest(builder -> builder.pingInterval(interval));
    }

    /** This client with sessions whose received payloads are wrapped by {@code bufferFactory}. */
    public CurlWebSocketClient withBufferFactory(DataBufferFactory bufferFactory) {
        return new CurlWebSocketClient(client, customizer, Objects.requireNonNull(bufferFactory, "bufferFactory"));
    }

    /** The client sessions are opened with. */
    public CurlClient client() {
        return client;
    }

    /** The factory of the sessions' buffers. */
    public DataBufferFactory bufferFactory() {
        return bufferFactory;
    }

    @Override
    public Mono<Void> execute(URI url, WebSocketHandler handler) {
        return execute(url, new HttpHeaders(), handler);
    }

    @Override
    public Mono<Void> execute(URI url, HttpHeaders headers, WebSocketHandler handler) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(handler, "handler");
        return Mono.defer(() -> client.websocket(request(url, headers, handler)))
                .flatMap(ws -> handle(url, ws, handler));
    }

    private WebSocketRequest request(URI url, HttpHeaders headers, WebSocketHandler handler) {
        WebSocketRequest.Builder builder = WebSocketRequest.builder(url.toString());
        Set<String> protocols = new LinkedHashSet<>(handler.getSubProtocols());
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            for (String value : values) {
                if (lower.equals("sec-websocket-protocol")) {
                    for (String protocol : value.split(",")) {
                        if (!protocol.isBlank()) {
                            protocols.add(protocol.trim());
                        }
                    }
                } else if (!HANDSHAKE_HEADERS.contains(lower)) {
                    builder.header(name, value);
                }
            }
        });
        builder.subprotocols(protocols.toArray(String[]::new));
        customizer.accept(builder);
        return builder.build();
    }

    private Mono<Void> handle(URI url, CurlWebSocket ws, WebSocketHandler handler) {
        Headers handshake = ws.handshakeHeaders();
        HttpHeaders responseHeaders = new HttpHeaders();
        for (int i = 0; i < handshake.size(); i++) {
            responseHeaders.add(handshake.name(i), handshake.value(i));
        }
        HandshakeInfo info =
                new HandshakeInfo(url, HttpHeaders.readOnlyHttpHeaders(responseHeaders), Mono.empty(), ws.protocol());
        CurlWebSocketSession session = new CurlWebSocketSession(ws, info, bufferFactory);
        return Mono.defer(() -> handler.handle(session))
                .checkpoint(url + " [CurlWebSocketClient]")
                .onErrorResume(error -> session.end(CloseStatus.SERVER_ERROR).then(Mono.error(error)))
                .then(Mono.defer(() -> session.end(CloseStatus.NORMAL)))
                .doOnCancel(() -> session.end(CloseStatus.NORMAL).subscribe());
    }

    @Override
    public String toString() {
        return "CurlWebSocketClient[" + client + "]";
    }
}
