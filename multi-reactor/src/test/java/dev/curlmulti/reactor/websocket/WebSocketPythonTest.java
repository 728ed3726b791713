package dev.curlmulti.reactor.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.PythonWebSocketServer;
import dev.curlmulti.core.testing.WebSocketSupport;
import dev.curlmulti.reactor.CurlClient;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * WebSocket sessions against Debian's python3-websockets (a server nobody here wrote): messages
 * both ways up to 16 MiB, fragments, control frames, every way a session ends, a slow consumer
 * holding the server back, wss with verification. On libcurl 8.14+ (every test run's second
 * libcurl); on an older one {@link WebSocketUnsupportedTest} checks the error instead.
 *
 * <p>A client per test, disposed before {@link NoLeakedHandles} looks: every easy and multi handle
 * and callback id the test's sessions used must be gone with it. The server (a Python process) is shared.
 */
@ExtendWith(NoLeakedHandles.class)
class WebSocketPythonTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static PythonWebSocketServer server;
    private CurlClient client;

    @BeforeAll
    static void startServer() throws Exception {
        WebSocketSupport.assumeSupported();
        server = PythonWebSocketServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void createClient() {
        client = CurlClient.builder().loops(1).build();
    }

    @AfterEach
    void disposeClient() {
        client.dispose();
    }

    @ParameterizedTest
    @EnumSource(LoopDriverKind.class)
    void textAndBinaryEchoOnBothDrivers(LoopDriverKind driver) {
        try (CurlClient own = CurlClient.builder().loops(1).loopDriver(driver).build()) {
            List<WebSocketMessage> echoed = own.websocket(server.url("/echo"))
                    .flatMapMany(ws -> ws.send(Flux.just(
                                    WebSocketMessage.text("héllo"), WebSocketMessage.binary(new byte[] {1, 2, 3})))
                            .thenMany(ws.receive().take(2))
                            .concatWith(ws.close().then(Mono.empty())))
                    .collectList()
                    .block(WAIT);
            assertThat(echoed)
                    .containsExactly(WebSocketMessage.text("héllo"), WebSocketMessage.binary(new byte[] {1, 2, 3}));
            assertThat(echoed.get(0).text()).isEqualTo("héllo");
            assertThat(echoed.get(1).type()).isEqualTo(WebSocketMessage.Type.BINARY);
        }
    }

    @ParameterizedTest
    @EnumSource(LoopDriverKind.class)
    void sixteenMebibyteMessagesBothWays(LoopDriverKind driver) {
        byte[] big = new byte[16 << 20];
        new Random(7).nextBytes(big);
        try (CurlClient own = CurlClient.builder().loops(1).loopDriver(driver).build()) {
            WebSocketMessage echoed = own.websocket(WebSocketRequest.builder(server.url("/echo"))
                            .maxMessageSize(16 << 20)
                            .build())
                    .flatMap(ws -> ws.send(WebSocketMessage.binary(big))
                            .then(ws.receive().next())
                            .flatMap(m -> ws.close().thenReturn(m)))
                    .block(WAIT);
            assertThat(echoed.size()).isEqualTo(big.length);
            assertThat(echoed.bytes()).isEqualTo(big);
        }
    }

    @Test
    void fragmentedAndEmptyMessagesArriveWhole() {
        List<WebSocketMessage> messages = client.websocket(server.url("/fragments"))
                .flatMapMany(ws -> ws.receive().take(4).concatWith(ws.close().then(Mono.empty())))
                .collectList()
                .block(WAIT);
        assertThat(messages)
                .containsExactly(
                        WebSocketMessage.text("abcdef"),
                        WebSocketMessage.text(""),
                        WebSocketMessage.binary(new byte[0]),
                        WebSocketMessage.binary(new byte[] {1, 2, 3, 4}));
    }

    @Test
    void aMessageOverTheLimitEndsTheSessionWith1009() throws Exception {
        AtomicReference<CurlWebSocket> session = new AtomicReference<>();
        StepVerifier.create(client.websocket(WebSocketRequest.builder(server.url("/big?bytes=70000&tag=big"))
                                .maxMessageSize(65536)
                                .build())
                        .doOnNext(session::set)
                        .flatMapMany(CurlWebSocket::receive))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(WebSocketTooLargeException.class)
                        .hasMessageContaining("65536"))
                .verify(WAIT);
        assertThat(session.get().closeStatus().block(WAIT).code()).isEqualTo(1009);
        assertThat(lastClose("big")).startsWith("1009");
    }

    @Test
    void headersAndSubprotocols() {
        CurlWebSocket ws = client.websocket(WebSocketRequest.builder(server.url("/headers"))
                        .header("X-Test", "from curl")
                        .subprotocols("mqtt", "superchat")
                        .build())
                .block(WAIT);
        assertThat(ws.protocol()).isEqualTo("superchat");
        assertThat(ws.handshakeHeaders().first("Sec-WebSocket-Protocol")).isEqualTo("superchat");
        assertThat(ws.receive().next().block(WAIT).text()).isEqualTo("from curl");
        ws.close().block(WAIT);
        assertThat(ws.isOpen()).isFalse();
    }

    @Test
    void thePeersCloseCompletesReceiveWithItsCode() {
        CurlWebSocket ws = client.websocket(server.url("/close")).block(WAIT);
        StepVerifier.create(ws.receive()).expectComplete().verify(WAIT);
        assertThat(ws.closeStatus().block(WAIT)).isEqualTo(new CloseStatus(4001, "bye now"));
        assertThat(ws.isOpen()).isFalse();
    }

    @Test
    void aCloseFrameWithoutCodeIs1005() {
        CurlWebSocket ws = client.websocket(server.url("/close-empty")).block(WAIT);
        StepVerifier.create(ws.receive()).expectComplete().verify(WAIT);
        assertThat(ws.closeStatus().block(WAIT).code()).isEqualTo(1005);
    }

    @Test
    void anAbruptCloseIsATypedErrorAndOtherSessionsCarryOn() {
        CurlWebSocket other = client.websocket(server.url("/echo")).block(WAIT);
        CurlWebSocket ws = client.websocket(server.url("/abrupt")).block(WAIT);
        StepVerifier.create(ws.receive())
                .expectNextMatches(m -> m.text().equals("hello"))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(WebSocketException.class).hasMessageContaining("without a close frame");
                    assertThat(((WebSocketException) e).closeStatus().code()).isEqualTo(1006);
                })
                .verify(WAIT);
        assertThat(ws.closeStatus().block(WAIT).code()).isEqualTo(1006);
        StepVerifier.create(ws.sendText("late"))
                .expectError(WebSocketException.class)
                .verify(WAIT);
        assertThat(other.sendText("still here")
                        .then(other.receive().next())
                        .block(WAIT)
                        .text())
                .isEqualTo("still here");
        other.close().block(WAIT);
    }

    @Test
    void ourCloseCarriesCodeAndReason() throws Exception {
        CurlWebSocket ws = client.websocket(server.url("/echo?tag=ours")).block(WAIT);
        ws.close(new CloseStatus(4002, "done here")).block(WAIT);
        assertThat(ws.closeStatus().block(WAIT).code()).isEqualTo(4002);
        assertThat(lastClose("ours")).isEqualTo("4002 done here");
        StepVerifier.create(ws.sendText("after close"))
                .expectError(WebSocketException.class)
                .verify(WAIT);
    }

    @Test
    void cancellingReceiveClosesNormally() throws Exception {
        CurlWebSocket ws = client.websocket(server.url("/echo?tag=cancel")).block(WAIT);
        ws.sendText("one").block(WAIT);
        assertThat(ws.receive().next().block(WAIT).text()).isEqualTo("one");
        assertThat(ws.closeStatus().block(WAIT).code()).isEqualTo(1000);
        assertThat(lastClose("cancel")).startsWith("1000");
    }

    @Test
    void closingWithUnreadMessagesDoesNotWaitForTheTimeout() {
        // Nobody reads: 900 KiB of echoes fill the receive queue, and the peer's close frame is behind them.
        CurlWebSocket ws = client.websocket(server.url("/echo")).block(WAIT);
        ws.send(Flux.range(0, 3).map(i -> WebSocketMessage.binary(new byte[300 * 1024])))
                .block(WAIT);
        long start = System.nanoTime();
        ws.close().block(WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(ws.closeStatus().block(WAIT).code()).isEqualTo(1000);
    }

    @Test
    void serverPingsAreAnswered() {
        String answer = client.websocket(server.url("/ping"))
                .flatMap(ws -> ws.receive().next().flatMap(m -> ws.close().thenReturn(m.text())))
                .block(WAIT);
        assertThat(answer).isEqualTo("pong received");
    }

    @Test
    void pingsOnAnIntervalKeepTheSessionOpen() throws Exception {
        CurlWebSocket ws = client.websocket(WebSocketRequest.builder(server.url("/echo"))
                        .pingInterval(Duration.ofMillis(50))
                        .build())
                .block(WAIT);
        Thread.sleep(400); // the scenario: eight ping intervals pass
        assertThat(ws.isOpen()).isTrue();
        assertThat(ws.sendText("x").then(ws.receive().next()).block(WAIT).text())
                .isEqualTo("x");
        ws.close().block(WAIT);
    }

    @Test
    void aSlowConsumerHoldsTheServerBackWithBoundedMemory() throws Exception {
        long total = 1L << 30;
        CurlWebSocket ws = client.websocket(server.url("/flood?bytes=" + total)).block(WAIT);
        AtomicReference<org.reactivestreams.Subscription> subscription = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        ws.receive().subscribe(new reactor.core.publisher.BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                subscription.set(s);
                s.request(1);
            }

            @Override
            protected void hookOnNext(WebSocketMessage m) {
                received.addAndGet(m.size());
            }
        });
        Thread.sleep(1500); // the scenario: the flood meets a consumer that asked for one message
        long sentEarly = flooded();
        Thread.sleep(1000); // and a second more, in which nothing may go out
        long sentLater = flooded();
        // The server is blocked: nothing more went out while nobody asked, far from the gigabyte.
        assertThat(sentLater).isEqualTo(sentEarly).isLessThan(16L << 20);
        assertThat(received.get()).isEqualTo(65536);
        subscription.get().request(Long.MAX_VALUE);
        assertThat(ws.closeStatus().block(Duration.ofSeconds(60))).isEqualTo(new CloseStatus(1000, "flood done"));
        assertThat(received.get()).isEqualTo(total);
    }

    @Test
    void wssWithVerification() throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("test CA")
                .build();
        HeldCertificate leaf = new HeldCertificate.Builder()
                .signedBy(ca)
                .addSubjectAlternativeName("localhost")
                .commonName("localhost")
                .build();
        try (PythonWebSocketServer tls = PythonWebSocketServer.start(leaf.certificatePem(), leaf.privateKeyPkcs8Pem());
                CurlClient trusting = CurlClient.builder()
                        .tls(t -> t.withTrustedCertificates(ca.certificatePem()))
                        .build()) {
            String echoed = trusting.websocket(tls.url("/echo"))
                    .flatMap(ws -> ws.sendText("secret")
                            .then(ws.receive().next())
                            .flatMap(m -> ws.close().thenReturn(m.text())))
                    .block(WAIT);
            assertThat(echoed).isEqualTo("secret");
            // Without the CA, verification fails: TLS verification is on for wss too.
            StepVerifier.create(client.websocket(tls.url("/echo")))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(dev.curlmulti.core.CurlTlsException.class))
                    .verify(WAIT);
        }
    }

    @Test
    void badInputIsRefusedAtOnce() {
        assertThatThrownBy(() -> WebSocketRequest.builder("ftp://example.com/"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSocketRequest.builder(server.url("/echo")).header("X-Bad", "a\r\nInjected: yes"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSocketRequest.builder(server.url("/echo")).header("Sec-WebSocket-Key", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WebSocketRequest.of("https://example.com/x").uri()).isEqualTo("wss://example.com/x");
    }

    /**
     * How the server saw the session opened with {@code ?tag=tag} end (it records it once the TCP connection is gone).
     */
    private String lastClose(String tag) {
        return Await.value(
                Duration.ofSeconds(5),
                () -> client.websocket(server.url("/last-close?tag=" + tag))
                        .flatMap(ws ->
                                ws.receive().next().flatMap(m -> ws.close().thenReturn(m.text())))
                        .block(WAIT),
                last -> !last.equals("none"),
                "the server recording how the session tagged " + tag + " ended");
    }

    private long flooded() {
        return Long.parseLong(client.websocket(server.url("/count"))
                .flatMap(ws -> ws.receive().next())
                .block(WAIT)
                .text());
    }
}
