package dev.curlmulti.spring;

import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.PythonWebSocketServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.WebSocketClient;

/** What the WebSocket tests write down and ask the python server, the same for every client. */
final class Transcript {
    private Transcript() {}

    /** "TEXT payload" or "BINARY [bytes]" (read without releasing the payload). */
    static String describe(WebSocketMessage message) {
        if (message.getType() == WebSocketMessage.Type.TEXT) {
            return "TEXT " + message.getPayloadAsText();
        }
        byte[] bytes = new byte[message.getPayload().readableByteCount()];
        message.getPayload().toByteBuffer(0, java.nio.ByteBuffer.wrap(bytes), 0, bytes.length);
        return message.getType() + " " + Arrays.toString(bytes);
    }

    /**
     * How the server saw the session opened with {@code ?tag=tag} end, "CODE REASON", asked through
     * {@code client}; the server records it once that connection is gone, so this asks until it has.
     */
    static String lastClose(WebSocketClient client, PythonWebSocketServer server, String tag) {
        return Await.value(
                Duration.ofSeconds(5),
                () -> {
                    AtomicReference<String> last = new AtomicReference<>("none");
                    client.execute(
                                    server.uri("/last-close?tag=" + tag),
                                    session -> session.receive()
                                            .next()
                                            .doOnNext(m -> last.set(m.getPayloadAsText()))
                                            .then())
                            .block(CurlWebSocketClientTest.WAIT);
                    return last.get();
                },
                last -> !last.equals("none"),
                "the server recording how the session tagged " + tag + " ended");
    }
}
