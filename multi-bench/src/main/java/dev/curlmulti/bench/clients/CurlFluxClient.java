package dev.curlmulti.bench.clients;

import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.HttpVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Ours, the way an application uses it: {@link CurlClient#get} and the body {@code Flux}. */
final class CurlFluxClient implements BenchClient {
    private final CurlClient http1;
    private final CurlClient http2;
    private final List<Disposable> held = new ArrayList<>();

    CurlFluxClient(Path caPem, LoopDriverKind driver) {
        this(builder(caPem, driver));
    }

    /** curl-flux on a client built from {@code builder} (curl-flux-metrics adds the Micrometer meters). */
    CurlFluxClient(CurlClient.Builder builder) {
        http1 = builder.build();
        http2 = http1.mutate().httpVersion(HttpVersion.HTTP_2_TLS).build();
    }

    /**
     * The client settings of curl-flux, shared with webclient-curl so that the two differ only by
     * WebClient: no connection limits (the benchmark's concurrency bounds them), HTTP/1.1, the
     * benchmark CA, no timings, and {@code --receive-buffer} when given.
     *
     * @param driver the loop driver, or null for the default
     */
    static CurlClient.Builder builder(Path caPem, LoopDriverKind driver) {
        CurlClient.Builder builder = CurlClient.builder()
                .maxConnections(0)
                .maxConnectionsPerHost(0)
                .httpVersion(HttpVersion.HTTP_1_1)
                .caFile(caPem)
                .timings(false);
        if (driver != null) {
            builder.loopDriver(driver);
        }
        if (BenchClient.receiveBuffer() > 0) {
            builder.receiveBufferSize(BenchClient.receiveBuffer());
        }
        return builder;
    }

    @Override
    public long fetch(String url, int requests, int concurrency, boolean useHttp2) {
        CurlClient client = useHttp2 ? http2 : http1;
        Long total = Flux.range(0, requests)
                .flatMap(i -> client.get(url).flatMap(CurlFluxClient::countBody), concurrency)
                .reduce(0L, Long::sum)
                .block();
        return total == null ? 0 : total;
    }

    private static Mono<Long> countBody(dev.curlmulti.reactor.CurlResponse response) {
        if (response.status() != 200) {
            response.discardBody();
            return Mono.error(new IllegalStateException("status " + response.status()));
        }
        return response.body().reduce(0L, (sum, buffer) -> sum + buffer.remaining());
    }

    @Override
    public void hold(String url, int transfers) throws Exception {
        HeldTransfers state = new HeldTransfers(transfers);
        for (int i = 0; i < transfers; i++) {
            held.add(http1.get(url)
                    .flatMapMany(dev.curlmulti.reactor.CurlResponse::body)
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
        http2.dispose();
        http1.dispose();
    }
}
