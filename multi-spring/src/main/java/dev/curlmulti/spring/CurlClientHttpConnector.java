package dev.curlmulti.spring;

import dev.curlmulti.reactor.CurlClient;
import java.io.Closeable;
import java.net.URI;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Spring's {@link ClientHttpConnector} on libcurl: {@code WebClient.builder().clientConnector(new
 * CurlClientHttpConnector())} switches a WebClient to libcurl.
 *
 * <p>Behaves like Spring's own connectors: nothing reaches libcurl until the request callback
 * has completed; the response is emitted at the final head with any status code; the body is a
 * {@code Flux<DataBuffer>} from the connector's {@link DataBufferFactory}, backpressured down to
 * libcurl, each chunk emitted as it arrives (server-sent events stream); cancelling it aborts the
 * transfer; transport errors are {@link java.io.IOException}s (libcurl's typed
 * {@code CurlException}s), which WebClient wraps.
 *
 * <p><b>Threading:</b> thread-safe, like the {@link CurlClient} it uses. Body signals arrive on the
 * client's loop thread. <b>Ownership:</b> a connector made with the no-argument constructor owns
 * its client and closes it in {@link #close()}; one given a client leaves it to the caller.
 */
public class CurlClientHttpConnector implements ClientHttpConnector, Closeable {
    private final CurlClient client;
    private final boolean ownsClient;
    private volatile DataBufferFactory bufferFactory = DefaultDataBufferFactory.sharedInstance;

    /** A connector with its own {@link CurlClient} (default settings), closed by {@link #close()}. */
    public CurlClientHttpConnector() {
        this(CurlClient.create(), true);
    }

    /** A connector on {@code client}, which the caller keeps and disposes. */
    public CurlClientHttpConnector(CurlClient client) {
        this(client, false);
    }

    private CurlClientHttpConnector(CurlClient client, boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
    }

    /**
     * The factory for request buffers and for what codecs allocate while reading a response
     * (default: {@link DefaultDataBufferFactory}). Response bodies themselves arrive as pooled
     * {@code PooledDataBuffer}s of the client's body pool, whose {@code factory()} is this one;
     * Spring's codecs release them, and code reading {@code DataBuffer}s itself releases each
     * with {@code DataBufferUtils.release} (a buffer used after that throws).
     */
    public void setBufferFactory(DataBufferFactory bufferFactory) {
        this.bufferFactory = Objects.requireNonNull(bufferFactory, "bufferFactory");
    }

    @Override
    public Mono<ClientHttpResponse> connect(
            HttpMethod method, URI uri, Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
        DataBufferFactory factory = bufferFactory;
        CurlClientHttpRequest request = new CurlClientHttpRequest(method, uri, factory);
        return requestCallback
                .apply(request)
                .then(Mono.defer(() -> client.request(request.toCurlRequest())))
                .map(response -> new CurlClientHttpResponse(response, factory, request.id()));
    }

    /** The client this connector sends through. */
    public CurlClient client() {
        return client;
    }

    /** Disposes the client when the connector created it. */
    @Override
    public void close() {
        if (ownsClient) {
            client.dispose();
        }
    }
}
