package dev.curlmulti.bench.clients;

import dev.curlmulti.reactor.micrometer.CurlClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;

/**
 * curl-flux-metrics: curl-flux at the client's default of timings on, with the Micrometer meters
 * into a {@link SimpleMeterRegistry}. Built here rather than in {@link BenchClient#create}: the
 * verifier would then need Micrometer to load {@code BenchClient} at all, and the workers on class
 * paths of their own (reactor-netty-1.3, the Spring 7 clients) do not carry it.
 */
final class CurlFluxMetricsClient {
    private CurlFluxMetricsClient() {}

    static BenchClient create(Path caPem) {
        return new CurlFluxClient(CurlFluxClient.builder(caPem, null)
                .timings(true)
                .observe(CurlClientMetrics.of(new SimpleMeterRegistry())));
    }
}
