package dev.curlmulti.bench;

import dev.curlmulti.bench.clients.BenchClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every client the benchmark measures fetches for real and counts every body byte, over HTTP/1.1
 * and HTTP/2 with TLS, and fails on a non-200, so the benchmark cannot report a broken client as
 * a fast one. A shortened (f): each holds a few trickling transfers and lets them go.
 */
class BenchClientsTest {
    private static BenchServer server;

    @BeforeAll
    static void start() {
        server = new BenchServer(List.of(), false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"curl-flux", "curl-flux-socket", "curl-file", "curl-multi", "reactor-netty", "jdk", "jetty"})
    void fetchesAndCountsEveryByte(String name) throws Exception {
        try (BenchClient client = BenchClient.create(name, server.caPem())) {
            assertThat(client.fetch(server.url(Workload.A), 200, 16, false)).isEqualTo(200 * 1024L);
            assertThat(client.fetch(server.url(Workload.D), 6, 3, false)).isEqualTo(6L << 20);
            assertThat(client.fetch(server.url(Workload.E), 100, 16, true)).isEqualTo(100 * 1024L);
            assertThatThrownBy(() -> client.fetch(server.url(Workload.A).replace("1k.bin", "missing.bin"), 2, 1, false))
                    .isInstanceOf(Exception.class);
        }
    }

    /** WebClient on our connector and on Reactor Netty's: HTTP/1.1 only, what (a) and (c) need. */
    @ParameterizedTest
    @ValueSource(strings = {"webclient-curl", "webclient-netty"})
    void webClientsFetchAndCountEveryByte(String name) throws Exception {
        try (BenchClient client = BenchClient.create(name, server.caPem())) {
            assertThat(client.fetch(server.url(Workload.A), 200, 16, false)).isEqualTo(200 * 1024L);
            // Large bodies arrive in many buffers, each counted (and released: Netty's are pooled).
            assertThat(client.fetch(server.url(Workload.D), 6, 3, false)).isEqualTo(6L << 20);
            assertThatThrownBy(() -> client.fetch(server.url(Workload.A).replace("1k.bin", "missing.bin"), 2, 1, false))
                    .hasMessageContaining("404");
            assertThatThrownBy(() -> client.fetch(server.url(Workload.E), 1, 1, true))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(SectionRun.applies(name, Workload.A)).isTrue();
        assertThat(SectionRun.applies(name, Workload.C)).isTrue();
        assertThat(SectionRun.applies(name, Workload.B)).isFalse();
        assertThat(SectionRun.applies(name, Workload.E)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"curl-flux-socket", "curl-flux-poll", "reactor-netty", "jdk", "jetty"})
    void holdsTricklingTransfersAndReleasesThem(String name) throws Exception {
        try (BenchClient client = BenchClient.create(name, server.caPem())) {
            client.hold(server.url(Workload.F), 20);
            client.releaseHeld();
        }
    }
}
