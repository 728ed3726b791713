package dev.curlmulti.bench.clients;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.websocket.CurlWebSocket;
import dev.curlmulti.reactor.websocket.WebSocketMessage;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Ours: {@link CurlClient#websocket(String)} on the client's default settings (one loop per core,
 * at most 8) or on a given number of loops; each session sends through one {@link
 * CurlWebSocket#send} of a unicast sink's {@code Flux} and receives through one {@link
 * CurlWebSocket#receive()} subscription with unbounded demand.
 */
final class CurlWebSocketEcho extends WebSocketEchoClient {
    private final CurlClient client;

    /** @param loops the number of event loops, or null for the client's default */
    CurlWebSocketEcho(Integer loops) {
        CurlClient.Builder builder = CurlClient.builder();
        if (loops != null) {
            builder.loops(loops);
        }
        client = builder.build();
    }

    @Override
    protected Mono<Session> connect(String uri) {
        return client.websocket(uri).map(CurlSession::new);
    }

    @Override
    protected void dispose() {
        client.dispose();
    }

    private final class CurlSession extends Session {
        private final CurlWebSocket ws;
        private final Sinks.Many<WebSocketMessage> outbound =
                Sinks.many().unicast().onBackpressureBuffer();

        CurlSession(CurlWebSocket ws) {
            this.ws = ws;
            ws.send(outbound.asFlux()).subscribe(null, this::failed);
            ws.receive().subscribe(message -> received(message.size()), this::failed, this::ended);
        }

        @Override
        protected void send(String text) {
            try {
                outbound.emitNext(WebSocketMessage.text(text), SERIALIZE);
            } catch (Sinks.EmissionException e) {
                failed(e);
            }
        }

        @Override
        protected Mono<Void> close() {
            outbound.tryEmitComplete();
            return ws.close();
        }
    }
}
