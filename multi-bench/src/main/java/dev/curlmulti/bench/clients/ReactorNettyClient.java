package dev.curlmulti.bench.clients;

import io.netty.buffer.ByteBuf;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Reactor Netty's {@code HttpClient} as Spring WebFlux configures it by default (NIO transport),
 * with a pool large enough for every workload. Bodies are counted and released by Reactor Netty
 * after each {@code onNext}, the cheapest way to read them.
 */
final class ReactorNettyClient implements BenchClient {
    private final ConnectionProvider provider;
    private final HttpClient http1;
    private final HttpClient http2;
    private final List<Disposable> held = new ArrayList<>();

    ReactorNettyClient(Path caPem) {
        provider = pool("bench");
        http1 = HttpClient.create(provider).protocol(HttpProtocol.HTTP11);
        http2 = HttpClient.create(provider)
                .protocol(HttpProtocol.H2)
                .secure(spec ->
                        spec.sslContext(Http2SslContextSpec.forClient().configure(builder -> trust(builder, caPem))));
    }

    /**
     * The connection pool of reactor-netty and webclient-netty: large enough that the benchmark's
     * concurrency, not the pool, bounds every workload, with no limit on waiting acquirers.
     */
    static ConnectionProvider pool(String name) {
        return ConnectionProvider.builder(name)
                .maxConnections(20_000)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(5))
                .build();
    }

    private static void trust(SslContextBuilder builder, Path caPem) {
        builder.trustManager(caPem.toFile());
    }

    @Override
    public long fetch(String url, int requests, int concurrency, boolean useHttp2) {
        return fetch(useHttp2 ? http2 : http1, url, requests, concurrency);
    }

    /**
     * {@code requests} GETs of {@code url} on {@code client}, {@code concurrency} at a time; the body bytes
     * received.
     */
    static long fetch(HttpClient client, String url, int requests, int concurrency) {
        Long total = Flux.range(0, requests)
                .flatMap(
                        i -> client.get().uri(url).response((response, body) -> {
                            if (response.status().code() != 200) {
                                return Mono.error(new IllegalStateException("status " + response.status()));
                            }
                            return body.reduce(0L, (sum, buffer) -> sum + buffer.readableBytes());
                        }),
                        concurrency)
                .reduce(0L, Long::sum)
                .block();
        return total == null ? 0 : total;
    }

    @Override
    public void hold(String url, int transfers) throws Exception {
        HeldTransfers state = new HeldTransfers(transfers);
        for (int i = 0; i < transfers; i++) {
            held.add(http1.get()
                    .uri(url)
                    .responseContent()
                    .map(ByteBuf::readableBytes)
                    .index()
                    .subscribe(
                            indexed -> {
                                if (indexed.getT1() == 0) {
                                    state.started();
                                }
                            },
                            state::failed));
        }
        state.awaitAllStarted();
    }

    @Override
    public void releaseHeld() {
        held.forEach(Disposable::dispose);
        held.clear();
    }

    @Override
    public void close() {
        releaseHeld();
        provider.dispose();
    }
}
