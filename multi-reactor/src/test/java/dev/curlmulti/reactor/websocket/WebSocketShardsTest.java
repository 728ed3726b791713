package dev.curlmulti.reactor.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.LoopConfig;
import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawServer;
import dev.curlmulti.core.testing.WebSocketSupport;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * WebSocket sessions run in small multi handles of their own, 16 to a handle (libcurl walks a
 * multi's connections on every {@code curl_ws_send} and {@code curl_ws_recv}): the handles come
 * and go with the sessions, a handshake's own timeout still fires inside one, and sessions in
 * different handles keep working when one of them ends. On both loop drivers.
 */
@ExtendWith(NoLeakedHandles.class)
class WebSocketShardsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void needsWebSocket() {
        WebSocketSupport.assumeSupported();
    }

    @ParameterizedTest
    @EnumSource(LoopDriverKind.class)
    void sessionsShareSmallMultiHandlesThatCloseWithTheLastSession(LoopDriverKind driver) throws Exception {
        // Echoes each frame's payload back as a text frame, until the client closes.
        try (RawWebSocketServer server = new RawWebSocketServer((in, out) -> echo(in, out));
                CurlEventLoop loop = new CurlEventLoop("shards-" + driver, LoopConfig.DEFAULT.withDriver(driver))) {
            String uri = server.uri();
            List<CurlWebSocket> sessions = Flux.range(0, 40)
                    .flatMap(
                            i -> WebSocketConnector.connect(
                                    loop,
                                    new Curl(),
                                    null,
                                    WebSocketRequest.builder(uri).build()),
                            40)
                    .collectList()
                    .block(WAIT);
            assertThat(sessions).hasSize(40);
            assertThat(loop.stats().webSocketMultis()).isEqualTo(3); // 16 + 16 + 8

            // Ending 16 sessions (spread over the handles in whatever order they opened) leaves the others working.
            for (CurlWebSocket ws : sessions.subList(0, 16)) {
                ws.close(CloseStatus.NORMAL).block(WAIT);
            }
            assertThat(loop.stats().webSocketMultis()).isBetween(2, 3); // 24 sessions left need two
            // receive().next() cancels receive once the echo is in, which closes that session too.
            for (CurlWebSocket ws : sessions.subList(16, 40)) {
                String text = ws.send(Mono.just(WebSocketMessage.text("still here")))
                        .then(ws.receive().next())
                        .block(WAIT)
                        .text();
                assertThat(text).isEqualTo("still here");
                assertThat(ws.closeStatus().block(WAIT).code()).isEqualTo(1000);
            }
            awaitMultis(loop, count -> count == 0);
            assertThat(loop.inFlight()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(LoopDriverKind.class)
    void aHandshakeTimeoutFiresInsideItsHandle(LoopDriverKind driver) throws Exception {
        // libcurl 8.22 does not apply CURLOPT_TIMEOUT_MS while a connect-only upgrade waits for the
        // answer: the session's own timer ends it, and its handle closes.
        // The server takes the request; nobody ever answers it.
        try (RawServer silent = new RawServer(RawServer.SILENT);
                CurlEventLoop loop =
                        new CurlEventLoop("shard-timeout-" + driver, LoopConfig.DEFAULT.withDriver(driver))) {
            WebSocketRequest request = WebSocketRequest.builder("ws://127.0.0.1:" + silent.port() + "/")
                    .handshakeTimeout(Duration.ofMillis(300))
                    .build();
            long start = System.nanoTime();
            StepVerifier.create(WebSocketConnector.connect(loop, new Curl(), null, request))
                    // 8.14 still applies its own timeout, which may come first; 8.22 leaves it to ours.
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(CurlTimeoutException.class)
                            .hasMessageMatching(".*(did not finish within 300 ms|timed out after).*"))
                    .verify(WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            awaitMultis(loop, count -> count == 0);
            assertThat(loop.inFlight()).isZero();
        }
    }

    private static void echo(InputStream in, OutputStream out) throws Exception {
        byte[] frame;
        while ((frame = RawWebSocketServer.readFrame(in)) != null && (frame[0] & 0x0f) != 0x8) {
            out.write(RawWebSocketServer.frame(0x81, java.util.Arrays.copyOfRange(frame, 1, frame.length)));
            out.flush();
        }
        if (frame != null) {
            out.write(RawWebSocketServer.closeFrame(1000, new byte[0]));
            out.flush();
        }
    }

    private static void awaitMultis(CurlEventLoop loop, java.util.function.IntPredicate done) {
        Await.value(
                Duration.ofSeconds(10),
                () -> loop.stats().webSocketMultis(),
                done::test,
                "the expected number of multi handles");
    }
}
