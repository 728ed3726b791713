package dev.curlmulti.reactor.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.WebSocketSupport;
import dev.curlmulti.reactor.CurlClient;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/**
 * What well-behaved servers never do, from a raw socket server that upgrades and then misbehaves:
 * no pong to our pings, a frame the protocol forbids. Each ends its session with a typed error.
 * A client per test, disposed before {@link NoLeakedHandles} checks that its sessions left nothing native.
 */
@ExtendWith(NoLeakedHandles.class)
class WebSocketEdgeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private CurlClient client;

    @BeforeEach
    void start() {
        WebSocketSupport.assumeSupported();
        client = CurlClient.builder().loops(1).build();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.dispose();
        }
    }

    @Test
    void aPeerThatNeverPongsEndsTheSession() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer((in, out) -> RawWebSocketServer.drain(in))) {
            CurlWebSocket ws = client.websocket(WebSocketRequest.builder(server.uri())
                            .pingInterval(Duration.ofMillis(100))
                            .build())
                    .block(WAIT);
            StepVerifier.create(ws.receive())
                    .expectErrorSatisfies(e ->
                            assertThat(e).isInstanceOf(WebSocketException.class).hasMessageContaining("no pong"))
                    .verify(WAIT);
            assertThat(ws.closeStatus().block(WAIT).code()).isEqualTo(1006);
        }
    }

    @Test
    void aForbiddenFrameIsATypedErrorAndTheLoopCarriesOn() throws Exception {
        // A masked frame from a server: RFC 6455 5.1 says the client must fail the connection.
        byte[] masked = {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2};
        try (RawWebSocketServer server = new RawWebSocketServer((in, out) -> {
            write(out, masked);
            RawWebSocketServer.drain(in);
        })) {
            CurlWebSocket ws = client.websocket(server.uri()).block(WAIT);
            StepVerifier.create(ws.receive()).expectError(CurlException.class).verify(WAIT);
            assertThat(ws.isOpen()).isFalse();
        }
        try (RawWebSocketServer fine = new RawWebSocketServer((in, out) -> {
            write(out, new byte[] {(byte) 0x81, 2, 'o', 'k'});
            RawWebSocketServer.drain(in);
        })) {
            CurlWebSocket ws = client.websocket(fine.uri()).block(WAIT);
            assertThat(ws.receive().next().block(WAIT).text()).isEqualTo("ok");
        }
    }

    @Test
    void disposeSendsANormalClose() throws Exception {
        CompletableFuture<byte[]> closeFrame = new CompletableFuture<>();
        try (RawWebSocketServer server = new RawWebSocketServer((in, out) -> {
            try {
                byte[] head = in.readNBytes(2);
                byte[] rest = in.readNBytes(4 + (head[1] & 0x7f));
                closeFrame.complete(new byte[] {head[0], unmask(rest, 4), unmask(rest, 5)});
            } catch (IOException e) {
                closeFrame.completeExceptionally(e);
            }
        })) {
            CurlWebSocket ws = client.websocket(server.uri()).block(WAIT);
            ws.dispose();
            byte[] frame = closeFrame.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(frame[0] & 0x0f).isEqualTo(8);
            assertThat(((frame[1] & 0xff) << 8) | (frame[2] & 0xff)).isEqualTo(1000);
            assertThat(ws.isDisposed()).isTrue();
        }
    }

    private static byte unmask(byte[] maskThenPayload, int index) {
        return (byte) (maskThenPayload[index] ^ maskThenPayload[(index - 4) % 4]);
    }

    private static void write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException closed) {
            // the client went away
        }
    }
}
