package dev.curlmulti.bench.clients;

import java.net.URI;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One {@link BenchClient#fetch} run through a {@link WebClient}, the same for both connectors:
 * {@code exchangeToMono}, anything but a 200 fails the run, the body read as
 * {@code bodyToFlux(DataBuffer.class)} with each buffer counted and released (Reactor Netty's are
 * pooled and must go back; so are ours, in their pooled form).
 */
final class WebClientFetch {
    private WebClientFetch() {}

    static long fetch(WebClient client, String url, int requests, int concurrency, boolean http2) {
        if (http2) {
            throw new IllegalArgumentException(
                    "the WebClient clients are measured on HTTP/1.1, workloads (a), (c) and (d)");
        }
        // One parsed URI for the run: URI template expansion would cost both connectors the same.
        URI uri = URI.create(url);
        Long total = Flux.range(0, requests)
                .flatMap(i -> client.get().uri(uri).exchangeToMono(WebClientFetch::countBody), concurrency)
                .reduce(0L, Long::sum)
                .block();
        return total == null ? 0 : total;
    }

    private static Mono<Long> countBody(ClientResponse response) {
        if (response.statusCode().value() != 200) {
            return response.releaseBody()
                    .then(Mono.error(new IllegalStateException("status " + response.statusCode())));
        }
        return response.bodyToFlux(DataBuffer.class).reduce(0L, (sum, buffer) -> {
            long total = sum + buffer.readableByteCount();
            DataBufferUtils.release(buffer);
            return total;
        });
    }
}
