package dev.curlmulti.bench.clients;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Spring WebClient on Spring's Reactor Netty connector ({@link ReactorClientHttpConnector}), the
 * WebFlux default, over an {@link HttpClient} set up as the reactor-netty client's is (same pool,
 * HTTP/1.1). The baseline webclient-curl is measured against, on (a), (c) and (d).
 */
final class WebClientNettyClient implements BenchClient {
    private final ConnectionProvider provider;
    private final WebClient client;

    WebClientNettyClient() {
        provider = ReactorNettyClient.pool("webclient-bench");
        HttpClient http = HttpClient.create(provider).protocol(HttpProtocol.HTTP11);
        client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
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
        provider.dispose();
    }
}
