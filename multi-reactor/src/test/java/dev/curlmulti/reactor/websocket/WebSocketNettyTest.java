package dev.curlmulti.reactor.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlTlsException;
import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.WebSocketSupport;
import dev.curlmulti.reactor.CurlClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.test.StepVerifier;

/**
 * WebSocket sessions against a Reactor Netty WebSocket server (the second server nobody here
 * wrote): echo up to 16 MiB, fragments, close codes both ways, a refused upgrade, wss, and 1,000
 * concurrent sessions on one loop with both drivers. Each test's clients are closed inside it, so
 * {@link NoLeakedHandles} sees what its sessions left behind.
 */
@ExtendWith(NoLeakedHandles.class)
class WebSocketNettyTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final WebsocketServerSpec SPEC =
            WebsocketServerSpec.builder().maxFramePayloadLength(32 << 20).build();
    /** Reactor Netty serves a route with subprotocols only to clients that offer one of them. */
    private static final WebsocketServerSpec CHAT = WebsocketServerSpec.builder()
            .maxFramePayloadLength(32 << 20)
            .protocols("chat")
            .build();

    private static final Queue<String> closes = new ConcurrentLinkedQueue<>();
    private static DisposableServer server;

    @BeforeAll
    static void start() {
        WebSocketSupport.assumeSupported();
        server = routes(HttpServer.create()).bindNow();
    }

    private static HttpServer routes(HttpServer base) {
        return base.host("127.0.0.1")
                .port(0)
                .route(r -> r.ws("/echo", WebSocketNettyTest::echo, SPEC)
                        .ws("/chat", WebSocketNettyTest::echo, CHAT)
                        .ws(
                                "/fragments",
                                (in, out) -> out.sendObject(Flux.just(
                                                new TextWebSocketFrame(false, 0, "ab"),
                                                new ContinuationWebSocketFrame(
                                                        false, 0, Unpooled.copiedBuffer("cd", StandardCharsets.UTF_8)),
                                                new ContinuationWebSocketFrame(
                                                        true, 0, Unpooled.copiedBuffer("ef", StandardCharsets.UTF_8))))
                                        .then(out.sendClose(1000, "sent")),
                                SPEC)
                        .ws("/close", (in, out) -> out.sendClose(4003, "netty says bye"), SPEC));
    }

    /** Echoes whole messages (text stays text) and records the close status it received. */
    private static org.reactivestreams.Publisher<Void> echo(WebsocketInbound in, WebsocketOutbound out) {
        in.receiveCloseStatus().subscribe(status -> closes.add(status.code() + " " + status.reasonText()));
        return out.sendObject(in.aggregateFrames(32 << 20)
                .receiveFrames()
                .filter(frame -> frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)
                .map(WebSocketFrame::retain));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.disposeNow();
        }
    }

    private static String uri(String path) {
        return "ws://127.0.0.1:" + server.port() + path;
    }

    @Test
    void echoesTextBinaryAndSixteenMebibytes() {
        byte[] big = new byte[16 << 20];
        new java.util.Random(3).nextBytes(big);
        try (CurlClient client = CurlClient.builder().loops(1).build()) {
            List<WebSocketMessage> echoed = client.websocket(WebSocketRequest.builder(uri("/echo"))
                            .maxMessageSize(16 << 20)
                            .build())
                    .flatMapMany(ws -> ws.send(Flux.just(
                                    WebSocketMessage.text("über"),
                                    WebSocketMessage.binary(new byte[] {9}),
                                    WebSocketMessage.binary(big)))
                            .thenMany(ws.receive().take(3))
                            .concatWith(ws.close().then(Mono.empty())))
                    .collectList()
                    .block(WAIT);
            assertThat(echoed).hasSize(3);
            assertThat(echoed.get(0)).isEqualTo(WebSocketMessage.text("über"));
            assertThat(echoed.get(1)).isEqualTo(WebSocketMessage.binary(new byte[] {9}));
            assertThat(echoed.get(2).bytes()).isEqualTo(big);
        }
    }

    @Test
    void fragmentsArriveAsOneMessage() {
        try (CurlClient client = CurlClient.create()) {
            CurlWebSocket ws = client.websocket(uri("/fragments")).block(WAIT);
            StepVerifier.create(ws.receive())
                    .expectNext(WebSocketMessage.text("abcdef"))
                    .expectComplete()
                    .verify(WAIT);
            assertThat(ws.closeStatus().block(WAIT)).isEqualTo(new CloseStatus(1000, "sent"));
        }
    }

    @Test
    void closeCodesBothWays() throws Exception {
        try (CurlClient client = CurlClient.create()) {
            CurlWebSocket byServer = client.websocket(uri("/close")).block(WAIT);
            assertThat(byServer.closeStatus().block(WAIT)).isEqualTo(new CloseStatus(4003, "netty says bye"));
            closes.clear();
            CurlWebSocket ours = client.websocket(WebSocketRequest.builder(uri("/chat"))
                            .subprotocols("mqtt", "chat")
                            .build())
                    .block(WAIT);
            assertThat(ours.protocol()).isEqualTo("chat");
            ours.close(new CloseStatus(4004, "client done")).block(WAIT);
            Await.until(Duration.ofSeconds(5), () -> !closes.isEmpty(), "the server seeing the close");
            assertThat(closes).containsExactly("4004 client done");
        }
    }

    @Test
    void cancellingReceiveClosesWithoutWaitingForTheTimeout() {
        try (CurlClient client = CurlClient.create()) {
            CurlWebSocket ws = client.websocket(uri("/echo")).block(WAIT);
            long start = System.nanoTime();
            String echoed =
                    ws.sendText("once").then(ws.receive().next()).block(WAIT).text();
            assertThat(echoed).isEqualTo("once");
            assertThat(ws.closeStatus().block(WAIT).code()).isEqualTo(1000);
            // The peer answered our close at once: no wait for the 5 s close timeout.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aRefusedUpgradeIsAHandshakeException() {
        try (CurlClient client = CurlClient.create()) {
            StepVerifier.create(client.websocket(uri("/not-a-websocket")))
                    .expectErrorSatisfies(e -> {
                        assertThat(e)
                                .isInstanceOf(WebSocketHandshakeException.class)
                                .hasMessageContaining("404");
                        assertThat(((WebSocketHandshakeException) e).status()).isEqualTo(404);
                    })
                    .verify(WAIT);
        }
    }

    @ParameterizedTest
    @EnumSource(LoopDriverKind.class)
    void aThousandConcurrentSessionsOnOneLoop(LoopDriverKind driver) throws Exception {
        closes.clear();
        int sessions = 1000;
        try (CurlClient client =
                CurlClient.builder().loops(1).loopDriver(driver).build()) {
            List<CurlWebSocket> open = Flux.range(0, sessions)
                    .flatMap(i -> client.websocket(uri("/echo")), sessions)
                    .collectList()
                    .block(Duration.ofSeconds(60));
            assertThat(open).hasSize(sessions);
            assertThat(client.inFlight()).isEqualTo(sessions);
            // Every session echoes its own messages while all are open.
            List<Boolean> echoed = Flux.range(0, sessions)
                    .flatMap(
                            i -> {
                                CurlWebSocket ws = open.get(i);
                                return ws.send(Flux.range(0, 3).map(n -> WebSocketMessage.text("s" + i + "-" + n)))
                                        .thenMany(ws.receive().take(3).map(WebSocketMessage::text))
                                        .collectList()
                                        .map(texts ->
                                                texts.equals(List.of("s" + i + "-0", "s" + i + "-1", "s" + i + "-2")));
                            },
                            sessions)
                    .collectList()
                    .block(Duration.ofSeconds(60));
            assertThat(echoed).hasSize(sessions).containsOnly(true);
            // take(3) cancelled each receive: every session closes normally, and the loop lets go of all.
            for (CurlWebSocket ws : open) {
                assertThat(ws.closeStatus().block(WAIT).code()).isEqualTo(1000);
            }
            Await.until(Duration.ofSeconds(5), () -> client.inFlight() == 0, "the loop letting go of every session");
        }
        Await.until(Duration.ofSeconds(5), () -> closes.size() >= sessions, "the server seeing every close");
        assertThat(closes).hasSize(sessions).containsOnly("1000 ");
    }

    @Test
    void wssVerifiesTheServer() throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("netty test CA")
                .build();
        HeldCertificate leaf = new HeldCertificate.Builder()
                .signedBy(ca)
                .addSubjectAlternativeName("localhost")
                .build();
        DisposableServer tls = routes(HttpServer.create())
                .secure(spec -> spec.sslContext(
                        Http11SslContextSpec.forServer(leaf.keyPair().getPrivate(), leaf.certificate())))
                .bindNow();
        try (CurlClient trusting = CurlClient.builder()
                        .tls(t -> t.withTrustedCertificates(ca.certificatePem()))
                        .build();
                CurlClient plain = CurlClient.create()) {
            String wss = "wss://localhost:" + tls.port() + "/echo";
            String echoed = trusting.websocket(wss)
                    .flatMap(ws -> ws.sendText("over tls")
                            .then(ws.receive().next())
                            .flatMap(m -> ws.close().thenReturn(m.text())))
                    .block(WAIT);
            assertThat(echoed).isEqualTo("over tls");
            StepVerifier.create(plain.websocket(wss))
                    .expectError(CurlTlsException.class)
                    .verify(WAIT);
        } finally {
            tls.disposeNow();
        }
    }
}
