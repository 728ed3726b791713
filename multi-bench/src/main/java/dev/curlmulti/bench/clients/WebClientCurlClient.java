package dev.curlmulti.bench.clients;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.spring.CurlClientHttpConnector;
import java.nio.file.Path;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Spring WebClient on our connector ({@link CurlClientHttpConnector}) over a {@link CurlClient}
 * set up as curl-flux's is; against webclient-netty it shows what a WebFlux application gains by
 * switching connectors. Measured on (a), (c) and (d) only (HTTP/1.1; no held transfers).
 */
final class WebClientCurlClient implements BenchClient {
    private final CurlClient curl;
    private final WebClient client;

    WebClientCurlClient(Path caPem) {
        curl = CurlFluxClient.builder(caPem, null).build();
        client = WebClient.builder()
                .clientConnector(new CurlClientHttpConnector(curl))
                .build();
    }

    @Override
    public long fetch(String url, int requests, int concurrency, boolean http2) {
        return WebClientFetch.fetch(client, url, requests, concurrency, http2);
    }

    @Override
    public void hold(String url, int transfers) {
        throw new UnsupportedOperationException("the WebClient clients are measured on (a), (c) and (d) only");
    }

    @Override
    public void releaseHeld() {}

    @Override
    public void close() {
        // The connector was given the client, so it leaves the client to us.
        curl.dispose();
    }
}
