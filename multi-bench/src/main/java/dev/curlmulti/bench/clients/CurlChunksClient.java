package dev.curlmulti.bench.clients;

import dev.curlmulti.reactor.BodyChunk;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import dev.curlmulti.reactor.HttpVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * curl-chunks: curl-flux's client settings ({@link CurlFluxClient#builder}), the body read in its fast
 * form, {@link CurlResponse#bodyChunks()}: each pooled chunk counted, then released, so
 * a body costs no heap buffer per piece. Chunks an operator drops on a cancel are released too.
 */
final class CurlChunksClient implements BenchClient {
    private final CurlClient http1;
    private final CurlClient http2;
    private final List<Disposable> held = new ArrayList<>();

    CurlChunksClient(Path caPem) {
        http1 = CurlFluxClient.builder(caPem, null).build();
        http2 = http1.mutate().httpVersion(HttpVersion.HTTP_2_TLS).build();
    }

    @Override
    public long fetch(String url, int requests, int concurrency, boolean useHttp2) {
        CurlClient client = useHttp2 ? http2 : http1;
        Long total = Flux.range(0, requests)
                .flatMap(i -> client.get(url).flatMap(CurlChunksClient::countBody), concurrency)
                .reduce(0L, Long::sum)
                .block();
        return total == null ? 0 : total;
    }

    private static Mono<Long> countBody(CurlResponse response) {
        if (response.status() != 200) {
            response.discardBody();
            return Mono.error(new IllegalStateException("status " + response.status()));
        }
        return response.bodyChunks()
                .reduce(0L, (sum, chunk) -> {
                    long total = sum + chunk.length();
                    chunk.release();
                    return total;
                })
                .doOnDiscard(BodyChunk.class, BodyChunk::release);
    }

    @Override
    public void hold(String url, int transfers) throws Exception {
        HeldTransfers state = new HeldTransfers(transfers);
        for (int i = 0; i < transfers; i++) {
            held.add(http1.get(url)
                    .flatMapMany(CurlResponse::bodyChunks)
                    .index()
                    .doOnDiscard(BodyChunk.class, BodyChunk::release)
                    .subscribe(
                            indexed -> {
                                indexed.getT2().release();
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
