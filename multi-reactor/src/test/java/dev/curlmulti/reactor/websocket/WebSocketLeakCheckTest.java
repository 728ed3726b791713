package dev.curlmulti.reactor.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.internal.CallbackRegistry;
import dev.curlmulti.core.internal.NativeResources;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.WebSocketSupport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The leak check the WebSocket tests run under fails on what a leaking session would leave: a real
 * session (a 101, a message, the peer's close) on an engine loop through {@link WebSocketConnector},
 * whose handle goes to a release that keeps it instead of closing or pooling it. While the loop is
 * open the check sees its multi handle; once the loop is closed, the session's easy handle and its
 * callback id; once that is closed too, the check passes.
 */
@ExtendWith(NoLeakedHandles.class)
class WebSocketLeakCheckTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void theCheckFailsOnTheMultiAndTheEasyHandleASessionLeftBehind() throws Exception {
        WebSocketSupport.assumeSupported();
        NoLeakedHandles check = new NoLeakedHandles(300); // it is to fail: no need to wait 10 s for cleaners
        List<Curl> kept = new CopyOnWriteArrayList<>();
        try (RawWebSocketServer server = new RawWebSocketServer((in, out) -> {
            out.write(RawWebSocketServer.frame(0x81, "hi".getBytes()));
            out.write(RawWebSocketServer.closeFrame(1000, "bye".getBytes()));
            out.flush();
            byte[] frame;
            while ((frame = RawWebSocketServer.readFrame(in)) != null && (frame[0] & 0x0f) != 8) {
                // until our answering close (or the end of the stream)
            }
        })) {
            CurlEventLoop loop = new CurlEventLoop();
            try {
                CurlWebSocket ws = WebSocketConnector.connect(
                                loop, new Curl(), kept::add, WebSocketRequest.of(server.uri()))
                        .block(WAIT);
                assertThat(ws.receive()
                                .map(WebSocketMessage::text)
                                .collectList()
                                .block(WAIT))
                        .containsExactly("hi");
                assertThat(ws.closeStatus().block(WAIT)).isEqualTo(new CloseStatus(1000, "bye"));
                Await.until(
                        Duration.ofSeconds(5),
                        () -> !kept.isEmpty(),
                        "the loop handing the handle over once the transfer has ended");
                assertThat(kept)
                        .as("the session's handle, given to the release")
                        .hasSize(1);

                AssertionError loopOpen = catchThrowableOfType(AssertionError.class, () -> check.afterEach(null));
                assertThat(loopOpen).as("the check with the loop open").isNotNull();
                assertThat(NativeResources.liveMultiHandles())
                        .as("the loop's multi handle(s)")
                        .isPositive();
            } finally {
                loop.close();
            }

            AssertionError easyKept = catchThrowableOfType(AssertionError.class, () -> check.afterEach(null));
            assertThat(easyKept)
                    .as("the check with the loop closed and the session's handle kept")
                    .isNotNull()
                    .hasMessageContaining("easy=1")
                    .hasMessageContaining("multi=0");
            assertThat(CallbackRegistry.allocatedCount())
                    .as("the kept handle's callback id")
                    .isEqualTo(1);
        } finally {
            kept.forEach(Curl::close);
        }
        assertThatCode(() -> check.afterEach(null))
                .as("the check once the handle is closed")
                .doesNotThrowAnyException();
    }
}
