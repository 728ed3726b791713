package dev.curlmulti.reactor.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestCertificates;
import dev.curlmulti.core.testing.TestServer;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Protocol;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The per-host pool meters (Reactor Netty's names) against requests a real server holds open. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class PoolMetersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String POOL = "reactor.netty.connection.provider";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockWebServer server = new MockWebServer();
    /** Every request the server got so far is answered once this opens. */
    private final CountDownLatch answer = new CountDownLatch(1);

    private String address;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                answer.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                return new MockResponse().setBody("ok");
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        address = "127.0.0.1:" + server.getPort();
    }

    @AfterEach
    void stop() throws Exception {
        answer.countDown();
        server.shutdown();
    }

    @Test
    void concurrentRequestsShowAsActiveConnectionsThenIdleOnesSummedOverTheLoops() {
        int n = 4;
        try (CurlClient client = CurlClient.builder()
                .loops(2)
                .observe(CurlClientMetrics.of(registry))
                .build()) {
            List<Mono<String>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(client.get(url("/" + i)).flatMap(CurlResponse::bodyAsString));
            }
            var done = Flux.merge(calls).collectList().toFuture();

            awaitGauge("active.connections", n);
            assertThat(gauge("total.connections")).isEqualTo(n);
            assertThat(gauge("idle.connections")).isZero();
            assertThat(gauge("pending.connections")).isZero();
            assertThat(registry.find(POOL + ".max.connections").gauge()).isNull(); // no limit set

            answer.countDown();
            assertThat(done.join()).hasSize(n).containsOnly("ok");
            awaitGauge("active.connections", 0);
            assertThat(gauge("idle.connections")).isEqualTo(n);
            assertThat(gauge("total.connections")).isEqualTo(n);
            Timer connected = pendingTime("SUCCESS");
            assertThat(connected.count()).isEqualTo(n);
            assertThat(connected.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        }
        assertThat(registry.find(POOL + ".total.connections").gauges()).isEmpty();
        assertThat(registry.getMeters().stream().filter(m -> m.getId().getName().startsWith(POOL)))
                .isEmpty();
    }

    @Test
    void streamsMultiplexedOnOneHttp2ConnectionMakeOneActiveConnection() throws Exception {
        TestCertificates certificates = new TestCertificates();
        CountDownLatch arrived = new CountDownLatch(3);
        MockWebServer h2 = new MockWebServer();
        h2.useHttps(certificates.serverHandshake().sslSocketFactory(), false);
        h2.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
        h2.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                arrived.countDown();
                answer.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                return new MockResponse().setBody("ok");
            }
        });
        h2.start(InetAddress.getLoopbackAddress(), 0);
        address = "localhost:" + h2.getPort();
        try (CurlClient client = CurlClient.builder()
                .loops(1)
                .tls(t -> t.withTrustedCertificates(certificates.caPem()))
                .observe(CurlClientMetrics.of(registry))
                .build()) {
            var done = Flux.range(0, 3)
                    .flatMap(i -> client.get("https://" + address + "/" + i).flatMap(CurlResponse::bodyAsString))
                    .collectList()
                    .toFuture();

            assertThat(arrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            awaitGauge("pending.connections", 0);
            assertThat(gauge("active.connections")).isEqualTo(1);
            assertThat(gauge("total.connections")).isEqualTo(1);

            answer.countDown();
            assertThat(done.join()).containsOnly("ok");
            awaitGauge("active.connections", 0);
            assertThat(gauge("idle.connections")).isEqualTo(1);
        } finally {
            h2.shutdown();
        }
    }

    @Test
    void requestsOverThePerHostLimitArePendingUntilAConnectionFrees() {
        try (CurlClient client = CurlClient.builder()
                .maxConnectionsPerHost(2)
                .observe(CurlClientMetrics.of(registry))
                .build()) {
            var done = Flux.range(0, 5)
                    .flatMap(i -> client.get(url("/" + i)).flatMap(CurlResponse::bodyAsString))
                    .collectList()
                    .toFuture();

            awaitGauge("active.connections", 2);
            awaitGauge("pending.connections", 3);
            assertThat(gauge("total.connections")).isEqualTo(2);
            assertThat(registry.get(POOL + ".max.connections")
                            .tags("remote.address", address)
                            .gauge()
                            .value())
                    .isEqualTo(2);

            answer.countDown();
            assertThat(done.join()).hasSize(5);
            awaitGauge("active.connections", 0);
            assertThat(gauge("pending.connections")).isZero();
            assertThat(gauge("total.connections")).isEqualTo(2);
            assertThat(pendingTime("SUCCESS").count()).isEqualTo(5);
            // The three that waited for a connection to free waited longer than the first two.
            assertThat(pendingTime("SUCCESS").max(TimeUnit.NANOSECONDS)).isPositive();
        }
    }

    @Test
    void aRequestThatNeverGetsAConnectionIsTimedAsAnErrorUnderTheBoundedAddress() {
        answer.countDown();
        try (CurlClient client = CurlClient.builder()
                .observe(CurlClientMetrics.of(registry).maxTagValues(1))
                .build()) {
            assertThat(client.get(url("/")).flatMap(CurlResponse::bodyAsString).block(WAIT))
                    .isEqualTo("ok");
            String refused = "http://127.0.0.1:" + TestServer.closedPort() + "/";
            assertThat(client.get(refused)
                            .then()
                            .onErrorResume(e -> Mono.empty())
                            .block(WAIT))
                    .isNull();

            Timer failed = registry.get(POOL + ".pending.connections.time")
                    .tags("remote.address", "other", "status", "ERROR")
                    .timer();
            assertThat(failed.count()).isEqualTo(1);
            assertThat(pendingTime("SUCCESS").count()).isEqualTo(1);
            assertThat(registry.get(POOL + ".total.connections").gauges())
                    .extracting(g -> g.getId().getTag("remote.address"))
                    .containsExactlyInAnyOrder(address, "other");
            assertThat(registry.get(POOL + ".total.connections")
                            .tags("remote.address", "other")
                            .gauge()
                            .value())
                    .isZero();
        }
    }

    private String url(String path) {
        return "http://" + address + path;
    }

    private Timer pendingTime(String status) {
        return registry.get(POOL + ".pending.connections.time")
                .tags("remote.address", address, "status", status)
                .timer();
    }

    /** The gauge's value for the server's address, or -1 before the client has seen the host. */
    private double gauge(String name) {
        Gauge gauge =
                registry.find(POOL + "." + name).tags("remote.address", address).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private void awaitGauge(String name, double value) {
        Await.value(WAIT, () -> gauge(name), v -> v == value, name + " = " + value);
    }
}
