package dev.curlmulti.reactor.websocket;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.WebSocketIo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Opens {@link CurlWebSocket} sessions on an event loop with a handle the caller set up (TLS,
 * proxy, connect timeout, the client's headers): the engine-level entry {@code CurlClient} uses,
 * for code that runs its own {@link CurlEventLoop}. Most code calls {@code CurlClient.websocket}.
 *
 * <p>It sets on the handle what the session needs: the URL, the request's headers and offered
 * subprotocols, a {@code Sec-WebSocket-Key} of the session's (so its 101 can be checked: libcurl does
 * not), ws and wss as the only protocols, no redirects, the handshake timeout as {@code
 * CURLOPT_TIMEOUT_MS} (a connect-only transfer ends at the 101), and {@link WebSocketIo#configure}.
 */
public final class WebSocketConnector {
    private WebSocketConnector() {}

    /**
     * The session of {@code request}, one per subscription: a connect-only transfer of {@code easy}
     * on {@code loop}, the session once the server answered 101.
     *
     * @param easy    a handle for this session only; the loop owns it from the subscription on
     * @param release gets the handle when the session has ended (on the loop thread), or null to close it
     * @return errors with {@link UnsupportedOperationException} on a libcurl without WebSocket
     *         support, {@link WebSocketHandshakeException} when the server does not upgrade, the
     *         libcurl error when it cannot connect
     */
    public static Mono<CurlWebSocket> connect(
            CurlEventLoop loop, Curl easy, Consumer<Curl> release, WebSocketRequest request) {
        return Mono.create(sink -> {
            WebSocketSession session = new WebSocketSession(loop, request, sink);
            WebSocketIo io;
            try {
                configure(easy, request, session.key());
                io = WebSocketIo.newTransfer(loop, easy, session, session, release);
            } catch (RuntimeException e) {
                easy.close();
                sink.error(e);
                return;
            }
            session.bind(io);
            sink.onCancel(session::cancelOpening);
            io.transfer().start();
        });
    }

    private static void configure(Curl easy, WebSocketRequest request, String key) {
        WebSocketIo.configure(easy);
        easy.setopt(CurlOpt.URL, request.uri());
        easy.setopt(CurlOpt.PROTOCOLS_STR, "ws,wss");
        easy.setopt(CurlOpt.FOLLOWLOCATION, 0L);
        easy.setopt(CurlOpt.TIMEOUT_MS, Math.max(1, request.handshakeTimeout().toMillis()));
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headers()) {
            lines.add(header.getValue().isEmpty() ? header.getKey() + ";" : header.getKey() + ": " + header.getValue());
        }
        lines.add("Sec-WebSocket-Key: " + key); // libcurl then sends ours, so the answer can be checked
        if (!request.subprotocols().isEmpty()) {
            lines.add("Sec-WebSocket-Protocol: " + String.join(", ", request.subprotocols()));
        }
        easy.setopt(CurlOpt.HTTPHEADER, lines.isEmpty() ? null : lines);
    }
}
