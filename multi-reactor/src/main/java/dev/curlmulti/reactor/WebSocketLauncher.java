package dev.curlmulti.reactor;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.HandlePool;
import dev.curlmulti.core.loop.WebSocketIo;
import dev.curlmulti.reactor.websocket.CurlWebSocket;
import dev.curlmulti.reactor.websocket.WebSocketConnector;
import dev.curlmulti.reactor.websocket.WebSocketRequest;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/**
 * A client's WebSocket sessions: a pooled handle (with the client's TLS, proxy and connect
 * settings from its template) on the loop with the fewest transfers, handed to
 * {@link WebSocketConnector}. The handle is not reused afterwards: the session's options make the
 * pool close it. Connection-pool limits, retries, filters and meters are for HTTP requests and do
 * not apply to sessions.
 */
final class WebSocketLauncher {
    private WebSocketLauncher() {}

    static Mono<CurlWebSocket> open(
            WebSocketRequest request,
            ClientConfig config,
            ClientResources resources,
            HandlePool pool,
            BooleanSupplier disposed) {
        WebSocketIo.checkSupported(); // at the call: a missing library is not a transient failure
        return Mono.defer(() -> {
            if (disposed.getAsBoolean()) {
                return Mono.error(new IllegalStateException("this CurlClient is disposed"));
            }
            CurlEventLoop loop = resources.loopFor(request.uri());
            Curl easy = pool.acquire();
            WebSocketRequest withDefaults =
                    config.defaultHeaders.isEmpty() ? request : request.withDefaultHeaders(config.defaultHeaders);
            return WebSocketConnector.connect(loop, easy, pool::release, withDefaults);
        });
    }
}
