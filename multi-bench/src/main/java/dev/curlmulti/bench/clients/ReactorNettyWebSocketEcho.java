package dev.curlmulti.bench.clients;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Reactor Netty's WebSocket client, {@code HttpClient.create(pool).websocket()} (NIO or epoll
 * transport as Reactor Netty picks it, its default event loops): reactor-netty-1.2-ws on this
 * module's class path, reactor-netty-1.3-ws on Reactor Netty 1.3's (the same class, compiled
 * against 1.2; {@code WorkerClassPath}). It runs on a connection pool large enough
 * for every session: the default pool would queue sessions past its few dozen connections, as a
 * WebSocket holds its connection for its whole life. Each session sends through one {@code
 * sendString} of a unicast sink's {@code Flux} and counts the echoes it receives; Reactor Netty
 * releases each frame after {@code onNext}.
 */
final class ReactorNettyWebSocketEcho extends WebSocketEchoClient {
    private final ConnectionProvider provider = ReactorNettyClient.pool("bench-websocket");
    private final HttpClient http = HttpClient.create(provider);

    @Override
    protected Mono<Session> connect(String uri) {
        return Mono.create(opened -> {
            NettySession session = new NettySession();
            http.websocket()
                    .uri(uri)
                    .handle((in, out) -> {
                        session.open = true;
                        opened.success(session);
                        Mono<Void> receive = in.receive()
                                .doOnNext(frame -> session.received(frame.readableBytes()))
                                .then();
                        Mono<Void> send =
                                out.sendString(session.outbound.asFlux()).then().then(out.sendClose());
                        return Mono.when(receive, send);
                    })
                    .subscribe(
                            null,
                            error -> {
                                if (session.open) {
                                    session.failed(error);
                                } else {
                                    opened.error(error);
                                }
                                session.done.tryEmitEmpty();
                            },
                            () -> {
                                if (session.open) {
                                    session.ended();
                                } else {
                                    opened.error(new IllegalStateException(
                                            "the WebSocket handshake with " + uri + " ended without a session"));
                                }
                                session.done.tryEmitEmpty();
                            });
        });
    }

    @Override
    protected void dispose() {
        provider.dispose();
    }

    private final class NettySession extends Session {
        private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
        private final Sinks.Empty<Void> done = Sinks.empty();
        /** Set on the session's event loop before the handshake's success is signalled. */
        private volatile boolean open;

        @Override
        protected void send(String text) {
            try {
                outbound.emitNext(text, SERIALIZE);
            } catch (Sinks.EmissionException e) {
                failed(e);
            }
        }

        @Override
        protected Mono<Void> close() {
            outbound.tryEmitComplete(); // then the close frame; the session ends with the server's
            return done.asMono();
        }
    }
}
