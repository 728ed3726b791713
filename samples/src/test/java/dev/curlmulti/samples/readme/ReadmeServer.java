package dev.curlmulti.samples.readme;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The loopback server the README's examples run against (Reactor Netty, from the samples' WebFlux
 * dependency): the paths the blocks use, a WebSocket echo at {@code /chat}, and a log of what was
 * asked ({@code "GET /path"}, the handshake of a WebSocket included).
 */
final class ReadmeServer implements AutoCloseable {
    /** What {@code GET /} answers. */
    static final String ROOT_TEXT = "hello from loopback";
    /** What {@code GET /private} answers to {@code Authorization: Bearer fresh}; anything else gets 401. */
    static final String PRIVATE_TEXT = "private data";

    private final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private final DisposableServer server;

    ReadmeServer() {
        byte[] big = new byte[1 << 20];
        WebsocketServerSpec chat =
                WebsocketServerSpec.builder().protocols("chat.v2").build();
        WebsocketServerSpec plain = WebsocketServerSpec.builder().build();
        HttpServerRoutes routes = HttpServerRoutes.newRoutes()
                .get("/", (req, res) -> res.sendString(Mono.just(ROOT_TEXT)))
                .get(
                        "/big.iso",
                        (req, res) -> res.header("Content-Length", String.valueOf(big.length))
                                .sendByteArray(Mono.just(big)))
                .post(
                        "/api",
                        (req, res) -> res.status(HttpResponseStatus.CREATED)
                                .header("Content-Type", "application/json")
                                .send(req.receive().retain()))
                .get(
                        "/users/{id}",
                        (req, res) -> res.header("Content-Type", "application/json")
                                .sendString(Mono.just("{\"id\":" + req.param("id") + "}")))
                .get(
                        "/private",
                        (req, res) -> "Bearer fresh".equals(req.requestHeaders().get("Authorization"))
                                ? res.sendString(Mono.just(PRIVATE_TEXT))
                                : res.status(HttpResponseStatus.UNAUTHORIZED).sendString(Mono.just("token expired")))
                .get("/{name}.bin", (req, res) -> {
                    byte[] file = ("file " + req.param("name")).getBytes(StandardCharsets.US_ASCII);
                    return res.header("Content-Length", String.valueOf(file.length))
                            .sendByteArray(Mono.just(file));
                })
                // Reactor Netty set to a subprotocol opens the session but never calls the handler
                // for a client that offers none (as the Spring example's): pick the spec per request.
                .get(
                        "/chat",
                        (req, res) -> res.sendWebsocket(
                                (in, out) -> out.sendObject(in.receiveFrames()
                                        .filter(f -> f instanceof TextWebSocketFrame)
                                        .map(f -> f.retain())),
                                req.requestHeaders().contains("Sec-WebSocket-Protocol") ? chat : plain));
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((req, res) -> {
                    String uri = req.uri();
                    int query = uri.indexOf('?');
                    requests.add(req.method().name() + " " + (query < 0 ? uri : uri.substring(0, query)));
                    return routes.apply(req, res);
                })
                .bindNow();
    }

    int port() {
        return server.port();
    }

    /** What was asked since the last call, in order of arrival. */
    List<String> takeRequests() {
        List<String> taken = new ArrayList<>();
        for (String r; (r = requests.poll()) != null; ) {
            taken.add(r);
        }
        return taken;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
