package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.core.loop.TransferTimings;
import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Pending limits (requests waiting for a connection) and the connection pool's age limits, on both loop drivers. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class ConnectionPoolTest {
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = LambdaMockServer.start(request -> switch (request.getPath()) {
            case "/hold" -> new MockResponse().setBody("held").setHeadersDelay(600, TimeUnit.MILLISECONDS);
            case "/long" -> new MockResponse().setBody("long").setHeadersDelay(3, TimeUnit.SECONDS);
            default -> new MockResponse().setBody("quick");
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private String url(String path) {
        return server.url(path).toString();
    }

    private static CurlClient.Builder oneConnection(LoopDriverKind driver) {
        return CurlClient.builder()
                .loops(1)
                .maxConnections(1)
                .httpVersion(HttpVersion.HTTP_1_1)
                .loopDriver(driver);
    }

    private static Mono<String> text(CurlClient client, String url) {
        return client.get(url).flatMap(CurlResponse::bodyAsString);
    }

    @ParameterizedTest
    @EnumSource(LoopDriverKind.class)
    void beyondMaxPendingRequestsARequestFailsAtOnceAndTheOthersCarryOn(LoopDriverKind driver) throws Exception {
        try (CurlClient client = oneConnection(driver)
                .connectionPool(p -> p.withMaxPendingRequests(2))
                .build()) {
            var holding = text(client, url("/hold")).toFuture();
            server.takeRequest(5, TimeUnit.SECONDS); // the first one has the connection: no longer pending
            var waiting1 = text(client, url("/hold")).toFuture();
            var waiting2 = text(client, url("/hold")).toFuture();
            long start = System.nanoTime();
            assertThat(Failures.errorOf(text(client, url("/quick"))))
                    .isInstanceOfSatisfying(PendingLimitException.class, e -> {
                        assertThat(e.limit()).isEqualTo(PendingLimitException.Limit.MAX_PENDING_REQUESTS);
                        assertThat(e)
                                .hasMessageContaining("maxPendingRequests")
                                .hasRootCauseInstanceOf(ConnectException.class);
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            assertThat(holding.get(10, TimeUnit.SECONDS)).isEqualTo("held");
            assertThat(waiting1.get(10, TimeUnit.SECONDS)).isEqualTo("held");
            assertThat(waiting2.get(10, TimeUnit.SECONDS)).isEqualTo("held");
            // Everything counted out again: two may wait once more.
            var again = text(client, url("/hold")).toFuture();
            server.takeRequest(5, TimeUnit.SECONDS);
            server.takeRequest(5, TimeUnit.SECONDS);
            server.takeRequest(5, TimeUnit.SECONDS);
            var more1 = text(client, url("/quick")).toFuture();
            var more2 = text(client, url("/quick")).toFuture();
            assertThat(again.get(10, TimeUnit.SECONDS)).isEqualTo("held");
            assertThat(more1.get(10, TimeUnit.SECONDS)).isEqualTo("quick");
            assertThat(more2.get(10, TimeUnit.SECONDS)).isEqualTo("quick");
        }
    }

    @ParameterizedTest
    @EnumSource(LoopDriverKind.class)
    void aRequestPendingLongerThanThePendingTimeoutFailsAndTheTimeWaitedIsReported(LoopDriverKind driver)
            throws Exception {
        try (CurlClient client = oneConnection(driver)
                .connectionPool(p -> p.withPendingTimeout(Duration.ofMillis(250)))
                .build()) {
            var holding = client.get(url("/hold"))
                    .flatMap(r -> r.bodyAsString().then(r.timings()))
                    .toFuture();
            server.takeRequest(5, TimeUnit.SECONDS);
            long start = System.nanoTime();
            assertThat(Failures.errorOf(text(client, url("/quick"))))
                    .isInstanceOfSatisfying(PendingLimitException.class, e -> {
                        assertThat(e.limit()).isEqualTo(PendingLimitException.Limit.PENDING_TIMEOUT);
                        assertThat(e).hasMessageContaining("250 ms").hasRootCauseInstanceOf(ConnectException.class);
                    });
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(waited).isBetween(200L, 550L);
            assertThat(holding.get(10, TimeUnit.SECONDS).pending())
                    .as("the first request waited for nothing")
                    .isLessThan(200_000);
        }
        try (CurlClient client = oneConnection(driver).build()) {
            var holding = text(client, url("/hold")).toFuture();
            server.takeRequest(5, TimeUnit.SECONDS);
            TransferTimings queued = client.get(url("/quick"))
                    .flatMap(r -> r.bodyAsString().then(r.timings()))
                    .block(Duration.ofSeconds(10));
            assertThat(holding.get(10, TimeUnit.SECONDS)).isEqualTo("held");
            assertThat(queued.pending())
                    .as("waited behind the held connection, in µs")
                    .isGreaterThan(300_000);
        }
    }

    @ParameterizedTest
    @EnumSource(LoopDriverKind.class)
    void timeQueuedInTheLoopBehindTheConnectionLimitCountsTowardsThePendingTimeout(LoopDriverKind driver)
            throws Exception {
        // 80 requests behind one busy connection: the loop hands libcurl at most 16 of them and
        // queues the rest itself; every one must still fail at its pending timeout (counted from
        // the queue, or the last would wait for four rounds of 300 ms first).
        try (CurlClient client = oneConnection(driver)
                .connectionPool(p -> p.withPendingTimeout(Duration.ofMillis(300)))
                .build()) {
            var holding = text(client, url("/long")).toFuture();
            server.takeRequest(5, TimeUnit.SECONDS);
            long start = System.nanoTime();
            java.util.List<Throwable> errors = Flux.range(0, 80)
                    .flatMap(
                            i -> text(client, url("/quick"))
                                    .then(Mono.<Throwable>empty())
                                    .onErrorResume(Mono::just),
                            80)
                    .collectList()
                    .block(Duration.ofSeconds(10));
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(errors)
                    .hasSize(80)
                    .allSatisfy(e -> assertThat(e)
                            .isInstanceOfSatisfying(
                                    PendingLimitException.class,
                                    pending -> assertThat(pending.limit())
                                            .isEqualTo(PendingLimitException.Limit.PENDING_TIMEOUT)));
            assertThat(elapsed)
                    .as("all within about the pending timeout, also those queued in the loop")
                    .isLessThan(1_000);
            assertThat(holding.get(10, TimeUnit.SECONDS)).isEqualTo("long");
        }
    }

    @Test
    void aCachedConnectionIdleLongerThanMaxIdleTimeIsNotReused() throws Exception {
        try (CurlClient client = CurlClient.builder()
                .loops(1)
                .connectionPool(p -> p.withMaxIdleTime(Duration.ofSeconds(1)))
                .build()) {
            assertThat(text(client, url("/a")).block(Duration.ofSeconds(10))).isEqualTo("quick");
            assertThat(text(client, url("/b")).block(Duration.ofSeconds(10))).isEqualTo("quick");
            Thread.sleep(2_200); // the scenario: the cached connection idles past its 1 s
            assertThat(text(client, url("/c")).block(Duration.ofSeconds(10))).isEqualTo("quick");
        }
        assertThat(sequenceNumbers(3)).containsExactly(0, 1, 0);
    }

    @Test
    void aConnectionOlderThanMaxLifetimeIsNotReusedHoweverBusy() throws Exception {
        try (CurlClient client = CurlClient.builder()
                .loops(1)
                .connectionPool(p -> p.withMaxLifetime(Duration.ofSeconds(1)))
                .build()) {
            for (int i = 0; i < 8; i++) {
                assertThat(text(client, url("/r" + i)).block(Duration.ofSeconds(10)))
                        .isEqualTo("quick");
                Thread.sleep(350); // the scenario: the connection ages while it stays busy
            }
        }
        int[] numbers = sequenceNumbers(8);
        assertThat(numbers[0]).isZero();
        assertThat(numbers[1]).as("reused while young").isEqualTo(1);
        assertThat(java.util.Arrays.stream(numbers).skip(1).filter(n -> n == 0).count())
                .as("a new connection once the first one was over a second old")
                .isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(LoopDriverKind.class)
    void aQuietLoopClosesItsCachedConnectionsAndServesOnAfterwards(LoopDriverKind driver) throws Exception {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (CurlClient client = CurlClient.builder()
                .loops(1)
                .loopDriver(driver)
                .observe(dev.curlmulti.reactor.micrometer.CurlClientMetrics.of(registry))
                .connectionPool(p -> p.withCloseIdleConnectionsAfter(Duration.ofMillis(300)))
                .build()) {
            var open = registry.get("curl.client.loop.connections.open").gauge();
            assertThat(text(client, url("/a")).block(Duration.ofSeconds(10))).isEqualTo("quick");
            assertThat(text(client, url("/b")).block(Duration.ofSeconds(10))).isEqualTo("quick");
            assertThat(open.value()).as("kept for reuse while busy").isEqualTo(1);
            Await.until(
                    Duration.ofSeconds(5),
                    () -> open.value() == 0,
                    "the cached connection closed once the loop was quiet");
            long start = System.nanoTime();
            assertThat(text(client, url("/c")).block(Duration.ofSeconds(10))).isEqualTo("quick");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("no lost wakeup after the cache was emptied")
                    .isLessThan(Duration.ofMillis(500));
        }
        assertThat(sequenceNumbers(3)).containsExactly(0, 1, 0);
        try (CurlClient client =
                CurlClient.builder().loops(1).loopDriver(driver).build()) {
            text(client, url("/d")).block(Duration.ofSeconds(10));
            Thread.sleep(700); // the scenario: quiet for longer than the 300 ms above
            text(client, url("/e")).block(Duration.ofSeconds(10));
        }
        assertThat(sequenceNumbers(2))
                .as("without the setting the connection is reused")
                .containsExactly(0, 1);
    }

    @Test
    void badSettingsAreRefusedWhenSet() {
        ConnectionPoolSettings pool = ConnectionPoolSettings.DEFAULT;
        assertThatThrownBy(() -> pool.withMaxPendingRequests(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.withPendingTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.withPendingTimeout(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.withMaxIdleTime(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.withMaxLifetime(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.withCloseIdleConnectionsAfter(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(pool.withMaxPendingRequests(5)
                        .withPendingTimeout(Duration.ofSeconds(2))
                        .maxPendingRequests())
                .isEqualTo(5);
    }

    private int[] sequenceNumbers(int count) throws InterruptedException {
        int[] numbers = new int[count];
        for (int i = 0; i < count; i++) {
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            numbers[i] = request.getSequenceNumber();
        }
        return numbers;
    }
}
