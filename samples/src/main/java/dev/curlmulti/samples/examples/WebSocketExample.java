package dev.curlmulti.samples.examples;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.websocket.CloseStatus;
import dev.curlmulti.reactor.websocket.CurlWebSocket;
import dev.curlmulti.reactor.websocket.WebSocketMessage;
import dev.curlmulti.reactor.websocket.WebSocketRequest;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.PrintStream;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * A WebSocket session on libcurl: five text messages and one of 1 MiB out, their echoes back, a
 * close with a code. With no argument it starts a local echo server (Reactor Netty's, from the
 * samples' Spring WebFlux dependency); with a ws:// or wss:// URL it talks to that echo server.
 *
 * <pre>
 * CURL_MULTI_LIBCURL=8.14 bin/sample examples.WebSocketExample [ws://host/echo]
 * </pre>
 * WebSocket needs libcurl 8.14+; on an older one the example prints what to install and exits with 2.
 */
public final class WebSocketExample {
    private WebSocketExample() {}

    public static void main(String[] args) {
        try {
            run(args.length > 0 ? args[0] : null, System.out);
        } catch (UnsupportedOperationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Runs the session against {@code uri}, or a local echo server when it is null; prints to
     * {@code out} and returns how the session ended.
     */
    public static CloseStatus run(String uri, PrintStream out) {
        DisposableServer local = uri == null ? echoServer() : null;
        String target = uri != null ? uri : "ws://127.0.0.1:" + local.port() + "/echo";
        try (CurlClient client = CurlClient.create()) {
            WebSocketRequest request = WebSocketRequest.builder(target)
                    .maxMessageSize(2 << 20)
                    .pingInterval(Duration.ofSeconds(15))
                    .build();
            CurlWebSocket ws = client.websocket(request).block(Duration.ofSeconds(30));
            out.println("open: " + ws.uri() + (ws.protocol() != null ? " (" + ws.protocol() + ")" : ""));
            Flux<WebSocketMessage> outgoing = Flux.range(1, 5)
                    .map(i -> WebSocketMessage.text("message " + i))
                    .concatWith(Flux.just(WebSocketMessage.binary(new byte[1 << 20])));
            // Receive and send at once: the echoes arrive while later messages are still going out.
            ws.receive()
                    .take(6)
                    .doOnNext(m -> out.println("echo: "
                            + (m.type() == WebSocketMessage.Type.TEXT ? m.text() : m.size() + " binary bytes")))
                    .then(ws.close(new CloseStatus(1000, "example done")))
                    .and(ws.send(outgoing))
                    .block(Duration.ofSeconds(30));
            CloseStatus status = ws.closeStatus().block(Duration.ofSeconds(10));
            out.println("closed: " + status);
            return status;
        } finally {
            if (local != null) {
                local.disposeNow();
            }
        }
    }

    private static DisposableServer echoServer() {
        WebsocketServerSpec spec =
                WebsocketServerSpec.builder().maxFramePayloadLength(4 << 20).build();
        return HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.ws(
                        "/echo",
                        (in, out) -> out.sendObject(in.aggregateFrames(4 << 20)
                                .receiveFrames()
                                .filter(f -> f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame)
                                .map(WebSocketFrame::retain)),
                        spec))
                .bindNow();
    }
}
