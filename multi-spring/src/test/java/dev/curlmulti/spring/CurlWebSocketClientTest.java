package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.PythonWebSocketServer;
import dev.curlmulti.core.testing.WebSocketSupport;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.websocket.WebSocketException;
import dev.curlmulti.reactor.websocket.WebSocketHandshakeException;
import dev.curlmulti.reactor.websocket.WebSocketTooLargeException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * {@link CurlWebSocketClient} against Debian's python3-websockets, through Spring's
 * {@code WebSocketClient} API: messages both ways, the handshake, every way a session ends. On
 * libcurl 8.14+; {@link CurlWebSocketClientUnsupportedTest} covers older ones.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class CurlWebSocketClientTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static PythonWebSocketServer server;
    private CurlClient curl;
    private CurlWebSocketClient client;

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
        curl = CurlClient.builder().loops(1).build();
        client = new CurlWebSocketClient(curl);
    }

    @AfterEach
    void disposeClient() {
        curl.dispose();
    }

    @Test
    void textAndBinaryMessagesAreEchoed() {
        List<String> echoed = new CopyOnWriteArrayList<>();
        client.execute(
                        server.uri("/echo"),
                        session -> session.send(Flux.just(
                                        session.textMessage("héllo"),
                                        session.binaryMessage(factory -> factory.wrap(new byte[] {1, 2, 3}))))
                                .thenMany(session.receive()
                                        .take(2)
                                        .map(Transcript::describe)
                                        .doOnNext(echoed::add))
                                .then())
                .block(WAIT);
        assertThat(echoed).containsExactly("TEXT héllo", "BINARY [1, 2, 3]");
    }

    // The python server breaks ties between two subprotocols it serves by set order (its hash seed):
    // each test offers one it serves, after one it does not.
    @Test
    void handshakeInfoHasTheChosenSubprotocolAndResponseHeadersAndTheServerGetsOurHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Test", "from spring");
        AtomicReference<HandshakeInfo> info = new AtomicReference<>();
        AtomicReference<String> first = new AtomicReference<>();
        client.execute(server.uri("/headers"), headers, withProtocols(List.of("mqtt", "superchat"), session -> {
                    info.set(session.getHandshakeInfo());
                    return session.receive()
                            .next()
                            .doOnNext(m -> first.set(m.getPayloadAsText()))
                            .then();
                }))
                .block(WAIT);
        assertThat(first.get()).isEqualTo("from spring");
        assertThat(info.get().getUri()).isEqualTo(server.uri("/headers"));
        assertThat(info.get().getSubProtocol()).isEqualTo("superchat");
        assertThat(info.get().getHeaders().getFirst("Sec-WebSocket-Protocol")).isEqualTo("superchat");
        assertThat(info.get().getHeaders().getFirst("Upgrade")).isEqualToIgnoringCase("websocket");
    }

    @Test
    void aSubprotocolHeaderIsOfferedLikeTheHandlersSubprotocols() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Sec-WebSocket-Protocol", "chat");
        headers.add("Connection", "keep-alive"); // the handshake's own: left out, as Reactor Netty replaces it
        AtomicReference<String> protocol = new AtomicReference<>();
        client.execute(server.uri("/echo"), headers, session -> {
                    protocol.set(session.getHandshakeInfo().getSubProtocol());
                    return Mono.empty();
                })
                .block(WAIT);
        assertThat(protocol.get()).isEqualTo("chat");
    }

    @Test
    void theServersCloseStatusReachesCloseStatusAndEndsReceive() {
        AtomicReference<CloseStatus> status = new AtomicReference<>();
        AtomicBoolean openAfterwards = new AtomicBoolean(true);
        client.execute(
                        server.uri("/close"),
                        session -> session.receive()
                                .then(session.closeStatus())
                                .doOnNext(status::set)
                                .doOnNext(s -> openAfterwards.set(session.isOpen()))
                                .then())
                .block(WAIT);
        assertThat(status.get()).isEqualTo(new CloseStatus(4001, "bye now"));
        assertThat(openAfterwards).isFalse();
    }

    @Test
    void aDroppedConnectionErrorsReceiveAndLeavesCloseStatusEmpty() {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicReference<WebSocketSession> session = new AtomicReference<>();
        StepVerifier.create(client.execute(server.uri("/abrupt"), s -> {
                    session.set(s);
                    return s.receive()
                            .map(Transcript::describe)
                            .doOnNext(received::add)
                            .then();
                }))
                .expectError(WebSocketException.class)
                .verify(WAIT);
        assertThat(received).containsExactly("TEXT hello");
        StepVerifier.create(session.get().closeStatus()).verifyComplete();
    }

    @Test
    void theHandlersCompletionClosesTheSessionWith1000BeforeExecuteCompletes() throws Exception {
        AtomicReference<WebSocketSession> session = new AtomicReference<>();
        client.execute(server.uri("/echo?tag=done"), s -> {
                    session.set(s);
                    return s.send(Mono.just(s.textMessage("x")))
                            .then(s.receive().next())
                            .then();
                })
                .block(WAIT);
        assertThat(session.get().isOpen()).isFalse();
        assertThat(session.get().closeStatus().block(WAIT)).isEqualTo(CloseStatus.NORMAL);
        assertThat(lastClose("done")).isEqualTo("1000 ");
    }

    @Test
    void cancellingReceiveLeavesTheSessionOpenUntilTheHandlerEnds() throws Exception {
        AtomicBoolean openAfterTake = new AtomicBoolean();
        client.execute(
                        server.uri("/echo?tag=taken"),
                        session -> session.send(Mono.just(session.textMessage("one")))
                                .then(session.receive().next())
                                .doOnNext(m -> openAfterTake.set(session.isOpen()))
                                .then(session.send(Mono.just(session.textMessage("two")))))
                .block(WAIT);
        assertThat(openAfterTake).isTrue();
        assertThat(lastClose("taken")).isEqualTo("1000 ");
    }

    @Test
    void aHandlerThatNeverReadsStillClosesPromptly() throws Exception {
        long start = System.nanoTime();
        client.execute(
                        server.uri("/echo?tag=unread"),
                        session -> session.send(Flux.range(0, 3)
                                .map(i -> session.binaryMessage(f -> f.wrap(new byte[300 * 1024])))))
                .block(WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(lastClose("unread")).isEqualTo("1000 ");
    }

    @Test
    void aHandlerErrorClosesWith1011AndIsTheErrorOfExecute() throws Exception {
        StepVerifier.create(client.execute(
                        server.uri("/echo?tag=failed"),
                        session -> session.send(Mono.just(session.textMessage("x")))
                                .then(session.receive().next())
                                .then(Mono.error(new IllegalStateException("handler failed")))))
                .expectErrorSatisfies(e ->
                        assertThat(e).isInstanceOf(IllegalStateException.class).hasMessage("handler failed"))
                .verify(WAIT);
        assertThat(lastClose("failed")).isEqualTo("1011 ");
    }

    @Test
    void cancellingExecuteClosesTheSessionWith1000() throws Exception {
        Sinks.Empty<Void> started = Sinks.empty();
        Disposable running = client.execute(server.uri("/echo?tag=cancelled"), session -> {
                    started.tryEmitEmpty();
                    return session.receive().then();
                })
                .subscribe();
        started.asMono().block(WAIT);
        running.dispose();
        assertThat(lastClose("cancelled")).isEqualTo("1000 ");
    }

    @Test
    void aRefusedHandshakeFailsExecuteWithTheStatusAndNeverCallsTheHandler() throws Exception {
        try (MockWebServer http = new MockWebServer()) {
            http.enqueue(new MockResponse().setResponseCode(404).setBody("no socket here"));
            http.start(InetAddress.getLoopbackAddress(), 0);
            AtomicBoolean handled = new AtomicBoolean();
            StepVerifier.create(client.execute(http.url("/ws").uri(), session -> {
                        handled.set(true);
                        return Mono.empty();
                    }))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOfSatisfying(
                                    WebSocketHandshakeException.class,
                                    h -> assertThat(h.status()).isEqualTo(404)))
                    .verify(WAIT);
            assertThat(handled).isFalse();
            assertThat(http.takeRequest().getHeader("Upgrade")).isEqualToIgnoringCase("websocket");
        }
    }

    @Test
    void sentBuffersAreReleasedAndReceivedOnesComeFromTheSessionsFactory() throws Exception {
        LeakTrackingBufferFactory buffers = new LeakTrackingBufferFactory();
        List<String> echoed = new CopyOnWriteArrayList<>();
        client.withBufferFactory(buffers)
                .execute(
                        server.uri("/echo"),
                        session -> session.send(Flux.just(
                                        session.textMessage("text"),
                                        session.pingMessage(f -> f.wrap(new byte[] {9})),
                                        session.binaryMessage(f -> f.wrap(new byte[] {4, 5}))))
                                .thenMany(session.receive()
                                        .take(2)
                                        .map(m -> {
                                            assertThat(m.getPayload())
                                                    .isInstanceOf(LeakTrackingBufferFactory.Tracked.class);
                                            String described = Transcript.describe(m);
                                            m.release();
                                            return described;
                                        })
                                        .doOnNext(echoed::add))
                                .then())
                .block(WAIT);
        assertThat(echoed).containsExactly("TEXT text", "BINARY [4, 5]");
        assertThat(buffers.made()).isEqualTo(5);
        buffers.assertAllReleased();
    }

    @Test
    void aMessageOverTheLimitEndsTheSessionWith1009() {
        AtomicReference<WebSocketSession> session = new AtomicReference<>();
        StepVerifier.create(client.withMaxMessageSize(65536).execute(server.uri("/big?bytes=70000"), s -> {
                    session.set(s);
                    return s.receive().then();
                }))
                .expectError(WebSocketTooLargeException.class)
                .verify(WAIT);
        assertThat(session.get().closeStatus().block(WAIT)).isEqualTo(CloseStatus.TOO_BIG_TO_PROCESS);
    }

    @Test
    void aRequestCustomizerAppliesToEverySession() {
        AtomicReference<String> first = new AtomicReference<>();
        client.withRequest(request -> request.header("X-Test", "customized"))
                .withPingInterval(Duration.ofSeconds(5))
                .execute(
                        server.uri("/headers"),
                        session -> session.receive()
                                .next()
                                .doOnNext(m -> first.set(m.getPayloadAsText()))
                                .then())
                .block(WAIT);
        assertThat(first.get()).isEqualTo("customized");
    }

    @Test
    void aBadSettingFailsWhenMadeNotAtTheFirstSession() {
        assertThatThrownBy(() -> client.withMaxMessageSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.withHandshakeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.withRequest(request -> request.header("Bad", "a\r\nInjected: yes")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A handler that offers {@code protocols}. */
    static WebSocketHandler withProtocols(List<String> protocols, Function<WebSocketSession, Mono<Void>> handle) {
        return new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return protocols;
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                return handle.apply(session);
            }
        };
    }

    /** How the server saw the session opened with {@code ?tag=tag} end: "CODE REASON". */
    private String lastClose(String tag) throws InterruptedException {
        return Transcript.lastClose(client, server, tag);
    }
}
