package dev.curlmulti.spring;

import dev.curlmulti.reactor.CurlClient;
import java.io.Closeable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Spring's {@link ClientHttpRequestFactory} on libcurl, for {@code RestClient} and
 * {@code RestTemplate}: {@code RestClient.builder().requestFactory(new CurlClientHttpRequestFactory())}.
 *
 * <p>Behaves like Spring's JDK factory where it matters: request bodies are streamed to libcurl as
 * they are written (a known {@code Content-Length} is sent, otherwise chunked; never buffered
 * whole), the response is returned at its final head with any status code, its body is an
 * {@code InputStream} that backpressures the transfer, and closing the response before the body's
 * end aborts the transfer. Transport failures are the {@code IOException}s of {@code CurlClient}
 * (each with the JDK's own type as its cause, so {@code ResourceAccessException}'s root cause is a
 * {@code ConnectException}, {@code SocketTimeoutException} and so on).
 *
 * <p>Timeouts: {@link #setConnectTimeout} is the time to connect (TLS included);
 * {@link #setReadTimeout} is the longest gap with no bytes received or sent, as Spring Boot maps
 * {@code read-timeout} for Reactor Netty (an idle timeout; time a slow reader holds the transfer
 * paused is not counted). Both apply per request on the factory's client, without copying it.
 *
 * <p><b>Threading:</b> thread-safe; each request is used by one thread, platform or virtual, which
 * blocks only itself: the client's loop threads never wait for a caller. <b>Ownership:</b> a
 * factory made with the no-argument constructor owns its client and {@link #close() closes} it;
 * one given a client leaves it to the caller.
 */
public class CurlClientHttpRequestFactory implements ClientHttpRequestFactory, Closeable {
    private final CurlClient client;
    private final boolean ownsClient;
    private volatile Duration connectTimeout;
    private volatile Duration readTimeout;

    /** A factory with its own {@link CurlClient} (default settings), closed by {@link #close()}. */
    public CurlClientHttpRequestFactory() {
        this(CurlClient.create(), true);
    }

    /** A factory on {@code client}, which the caller keeps and disposes. */
    public CurlClientHttpRequestFactory(CurlClient client) {
        this(client, false);
    }

    private CurlClientHttpRequestFactory(CurlClient client, boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
    }

    /** Time to connect, TLS included, for this factory's requests; null keeps the client's. */
    public void setConnectTimeout(Duration timeout) {
        connectTimeout = timeout;
    }

    /** Longest gap with no bytes received or sent for this factory's requests; null keeps the client's idle timeout. */
    public void setReadTimeout(Duration timeout) {
        readTimeout = timeout;
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
        return new CurlBlockingHttpRequest(client, httpMethod, uri, connectTimeout, readTimeout);
    }

    /** The client requests go through. */
    public CurlClient client() {
        return client;
    }

    /** Disposes the client when the factory created it. */
    @Override
    public void close() {
        if (ownsClient) {
            client.dispose();
        }
    }
}
