package dev.curlmulti.spring;

import static dev.curlmulti.spring.CurlWebSocketClientTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.PythonWebSocketServer;
import dev.curlmulti.core.testing.WebSocketSupport;
import dev.curlmulti.reactor.CurlClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A WebFlux application moves from {@link ReactorNettyWebSocketClient} to
 * {@link CurlWebSocketClient} by constructing the other client: the same handlers, run through
 * each against the same server, write the same transcript.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class CurlWebSocketClientSwitchTest {
    private static PythonWebSocketServer server;

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

    /** The application's handler, written once for whichever client: a short chat, then a look at how it ended. */
    static final class ChatHandler implements WebSocketHandler {
        final List<String> transcript = new CopyOnWriteArrayList<>();

        @Override
        public List<String> getSubProtocols() {
            return List.of("mqtt", "chat"); // one the server serves (two would tie, see CurlWebSocketClientTest)
        }

        @Override
        public Mono<Void> handle(WebSocketSession session) {
            transcript.add("protocol " + session.getHandshakeInfo().getSubProtocol());
            return session.send(Flux.just(
                            session.textMessage("hello"), session.binaryMessage(f -> f.wrap(new byte[] {7, 8}))))
                    .thenMany(
                            session.receive().take(2).map(Transcript::describe).doOnNext(transcript::add))
                    .then();
        }
    }

    @Test
    void theSameHandlersWriteTheSameTranscriptOnReactorNettyAndOnLibcurl() {
        List<String> onNetty = transcript(new ReactorNettyWebSocketClient());
        List<String> onCurl;
        try (CurlClient curl = CurlClient.builder().loops(1).build()) {
            onCurl = transcript(new CurlWebSocketClient(curl));
        }
        assertThat(onCurl)
                .isEqualTo(onNetty)
                .containsExactly(
                        "protocol chat",
                        "TEXT hello",
                        "BINARY [7, 8]",
                        "TEXT from the app",
                        "closed with CloseStatus[code=4001, reason=bye now], open false");
    }

    private static List<String> transcript(WebSocketClient client) {
        ChatHandler chat = new ChatHandler();
        client.execute(server.uri("/echo"), chat).block(WAIT);
        List<String> transcript = new CopyOnWriteArrayList<>(chat.transcript);

        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Test", "from the app");
        client.execute(
                        server.uri("/headers"),
                        headers,
                        session -> session.receive()
                                .next()
                                .map(Transcript::describe)
                                .doOnNext(transcript::add)
                                .then())
                .block(WAIT);

        client.execute(
                        server.uri("/close"),
                        session -> session.receive()
                                .then(session.closeStatus())
                                .doOnNext(status ->
                                        transcript.add("closed with " + status + ", open " + session.isOpen()))
                                .then())
                .block(WAIT);
        return transcript;
    }
}
