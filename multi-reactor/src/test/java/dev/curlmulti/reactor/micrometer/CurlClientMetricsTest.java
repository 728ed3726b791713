package dev.curlmulti.reactor.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestCertificates;
import dev.curlmulti.core.testing.TestServer;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The meters against real transfers on loopback, read from a {@link SimpleMeterRegistry}. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class CurlClientMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private static String body(CurlClient client, String url) {
        return client.get(url).flatMap(CurlResponse::bodyAsString).block(Duration.ofSeconds(10));
    }

    @Test
    void requestsAreTimedByMethodStatusOutcomeHostAndErrorWithExactCounts() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setBody("x".repeat(100)));
        }
        server.enqueue(new MockResponse().setResponseCode(404).setBody("missing"));
        try (CurlClient client = CurlClient.builder()
                .loops(1)
                .observe(CurlClientMetrics.of(registry))
                .build()) {
            String url = "http://127.0.0.1:" + server.getPort() + "/a";
            for (int i = 0; i < 3; i++) {
                assertThat(body(client, url)).hasSize(100);
            }
            assertThat(body(client, url)).isEqualTo("missing");
            catchThrowable(() -> body(client, "http://127.0.0.1:" + TestServer.closedPort() + "/"));

            Timer ok = registry.get("curl.client.requests")
                    .tags(
                            "method",
                            "GET",
                            "status",
                            "200",
                            "outcome",
                            "SUCCESS",
                            "host",
                            "127.0.0.1",
                            "uri",
                            "none",
                            "exception",
                            "none")
                    .timer();
            assertThat(ok.count()).isEqualTo(3);
            assertThat(ok.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(registry.get("curl.client.requests")
                            .tags("status", "404", "outcome", "CLIENT_ERROR")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("curl.client.requests")
                            .tags("status", "CLIENT_ERROR", "outcome", "UNKNOWN", "exception", "CurlConnectException")
                            .timer()
                            .count())
                    .isEqualTo(1);

            DistributionSummary received = registry.get("curl.client.data.received")
                    .tags("host", "127.0.0.1")
                    .summary();
            assertThat(received.count()).isEqualTo(4);
            assertThat(received.totalAmount()).isEqualTo(3 * 100 + "missing".length());
            // Keep-alive: one connection for the four, so one set of connection phases.
            assertThat(registry.get("curl.client.connect.time")
                            .tags("host", "127.0.0.1")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("curl.client.dns.time").timer().count()).isEqualTo(1);
            Timer firstByte = registry.get("curl.client.first.byte.time").timer();
            assertThat(firstByte.count()).isEqualTo(4);
            // Ordered: a phase never takes longer than the request it is part of.
            assertThat(registry.get("curl.client.dns.time").timer().max(TimeUnit.NANOSECONDS))
                    .isLessThanOrEqualTo(firstByte.max(TimeUnit.NANOSECONDS));
            assertThat(firstByte.max(TimeUnit.NANOSECONDS))
                    .isLessThanOrEqualTo(registry.get("curl.client.requests").timers().stream()
                            .mapToDouble(t -> t.max(TimeUnit.NANOSECONDS))
                            .max()
                            .orElse(0));
        }
    }

    @Test
    void aTlsConnectionRecordsItsHandshake() throws Exception {
        TestCertificates certificates = new TestCertificates();
        MockWebServer tls = new MockWebServer();
        tls.useHttps(certificates.serverHandshake().sslSocketFactory(), false);
        tls.enqueue(new MockResponse().setBody("secure"));
        tls.start(InetAddress.getLoopbackAddress(), 0);
        try (CurlClient client = CurlClient.builder()
                .tls(t -> t.withTrustedCertificates(certificates.caPem()))
                .observe(CurlClientMetrics.of(registry))
                .build()) {
            assertThat(body(client, "https://localhost:" + tls.getPort() + "/")).isEqualTo("secure");
            Timer handshake = registry.get("curl.client.tls.handshake.time")
                    .tags("host", "localhost")
                    .timer();
            assertThat(handshake.count()).isEqualTo(1);
            assertThat(handshake.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        } finally {
            tls.shutdown();
        }
    }

    @Test
    void hostAndUriTagValuesAreBoundedAndUrisUseTheTemplate() {
        int port = server.getPort();
        CurlClient.Builder builder = CurlClient.builder()
                .observe(CurlClientMetrics.of(registry)
                        .uriTemplate(uri ->
                                uri.replaceAll("/users/\\d+", "/users/{id}").replaceAll("^https?://[^/]+", ""))
                        .maxTagValues(3));
        for (int i = 0; i < 6; i++) {
            builder.resolve("host" + i + ".test", port, "127.0.0.1");
            server.enqueue(new MockResponse().setBody("ok"));
        }
        try (CurlClient client = builder.build()) {
            for (int i = 0; i < 6; i++) {
                assertThat(body(client, "http://host" + i + ".test:" + port + "/users/" + (1000 + i)))
                        .isEqualTo("ok");
            }
        }
        Set<String> hosts = registry.get("curl.client.requests").timers().stream()
                .map(t -> t.getId().getTag("host"))
                .collect(Collectors.toSet());
        assertThat(hosts).containsExactlyInAnyOrder("host0.test", "host1.test", "host2.test", "other");
        Set<String> uris = registry.get("curl.client.requests").timers().stream()
                .map(t -> t.getId().getTag("uri"))
                .collect(Collectors.toSet());
        assertThat(uris).containsExactly("/users/{id}");
        assertThat(registry.get("curl.client.requests").timers().stream()
                        .mapToLong(Timer::count)
                        .sum())
                .isEqualTo(6);
    }

    @Test
    void loopGaugesShowTheLoopsWhileTheClientLivesAndGoWithIt() {
        server.enqueue(new MockResponse().setBody("ok"));
        CurlClient client = CurlClient.builder()
                .loops(2)
                .observe(CurlClientMetrics.of(registry))
                .build();
        try {
            assertThat(body(client, server.url("/").toString())).isEqualTo("ok");
            assertThat(registry.get("curl.client.loop.transfers.active").gauges())
                    .hasSize(2);
            double open = registry.get("curl.client.loop.connections.open").gauges().stream()
                    .mapToDouble(Gauge::value)
                    .sum();
            assertThat(open).as("the keep-alive connection").isEqualTo(1);
            assertThat(registry.get("curl.client.loop.busy.time").functionCounters().stream()
                            .mapToDouble(c -> c.count())
                            .sum())
                    .isPositive();
            assertThat(registry.get("curl.client.loop.utilization").gauges())
                    .allSatisfy(g -> assertThat(g.value()).isBetween(0.0, 1.0));
            assertThat(registry.get("curl.client.loop.submissions.queued").gauges())
                    .allSatisfy(g -> assertThat(g.value()).isGreaterThanOrEqualTo(0));
        } finally {
            client.dispose();
        }
        assertThat(registry.getMeters().stream()
                        .map(Meter::getId)
                        .filter(id -> id.getName().startsWith("curl.client.loop.")))
                .as("loop meters are removed with the client")
                .isEmpty();
    }

    @Test
    void manyClientsMadeAndDisposedLeaveAFixedNumberOfMeters() {
        CurlClientMetrics metrics = CurlClientMetrics.of(registry);
        for (int i = 0; i < 20; i++) {
            server.enqueue(new MockResponse().setBody("ok"));
            try (CurlClient client =
                    CurlClient.builder().loops(1).observe(metrics).build()) {
                body(client, server.url("/").toString());
            }
        }
        assertThat(registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("curl.client.loop.")))
                .isEmpty();
        assertThat(registry.get("curl.client.requests").timers()).hasSize(1);
        assertThat(registry.get("curl.client.requests").timer().count()).isEqualTo(20);
    }
}
