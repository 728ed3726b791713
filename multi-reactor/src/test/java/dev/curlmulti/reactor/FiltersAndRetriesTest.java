package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.CurlConnectException;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Client-wide filters and the retry policy, against a real server. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class FiltersAndRetriesTest {
    private static final RetryPolicy QUICK =
            RetryPolicy.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private String url(String path) {
        return server.url(path).toString();
    }

    private static String text(CurlClient client, CurlRequest request) {
        return client.request(request).flatMap(CurlResponse::bodyAsString).block(Duration.ofSeconds(20));
    }

    @Test
    void filtersRunInOrderChangeTheRequestAndSeeTheResponse() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        CurlFilter outer = (request, next) -> {
            calls.add("outer in");
            return next.exchange(request.newBuilder().header("X-Outer", "1").build())
                    .doOnNext(response -> calls.add("outer saw " + response.status()));
        };
        CurlFilter inner = (request, next) -> {
            calls.add("inner in, outer header "
                    + request.headers().stream().anyMatch(h -> h.getKey().equals("X-Outer")));
            return next.exchange(request);
        };
        server.enqueue(new MockResponse().setBody("ok"));
        try (CurlClient client =
                CurlClient.builder().filter(outer).filter(inner).build()) {
            assertThat(text(client, CurlRequest.get(url("/f")))).isEqualTo("ok");
        }
        assertThat(calls).containsExactly("outer in", "inner in, outer header true", "outer saw 200");
        assertThat(server.takeRequest().getHeader("X-Outer")).isEqualTo("1");
    }

    @Test
    void aFilterCanRefreshAnExpiredTokenAndTryOnceMore() throws Exception {
        String[] token = {"old"};
        CurlFilter auth = (request, next) -> {
            Mono<CurlResponse> signed = Mono.defer(() -> next.exchange(request.newBuilder()
                    .header("Authorization", "Bearer " + token[0])
                    .build()));
            return signed.flatMap(response -> {
                if (response.status() != 401) {
                    return Mono.just(response);
                }
                response.discardBody();
                token[0] = "new";
                return signed;
            });
        };
        server.enqueue(new MockResponse().setResponseCode(401).setBody("expired"));
        server.enqueue(new MockResponse().setBody("welcome"));
        try (CurlClient client = CurlClient.builder().filter(auth).build()) {
            assertThat(text(client, CurlRequest.get(url("/me")))).isEqualTo("welcome");
        }
        assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer old");
        assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer new");
    }

    @Test
    void aFilterThatThrowsFailsOnlyItsOwnRequestAndFiltersMayMapErrors() throws Exception {
        CurlFilter picky = (request, next) -> {
            if (request.uri().endsWith("/bad")) {
                throw new IllegalStateException("filter refused " + request.uri());
            }
            return next.exchange(request);
        };
        CurlFilter mapping = (request, next) -> next.exchange(request)
                .onErrorMap(CurlConnectException.class, e -> new IllegalStateException("service down", e));
        server.enqueue(new MockResponse().setBody("fine"));
        int closedPort = TestServer.closedPort();
        try (CurlClient client =
                CurlClient.builder().filter(mapping).filter(picky).build()) {
            assertThat(Failures.errorOf(client.get(url("/bad"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("filter refused");
            assertThat(text(client, CurlRequest.get(url("/good")))).isEqualTo("fine");
            assertThat(Failures.errorOf(client.get("http://127.0.0.1:" + closedPort + "/")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("service down")
                    .hasCauseInstanceOf(CurlConnectException.class);
        }
    }

    @Test
    void a503WithRetryAfterIsRetriedAfterTheServersDelay() throws Exception {
        server.enqueue(new MockResponse()
                .setResponseCode(503)
                .setHeader("Retry-After", "1")
                .setBody("busy"));
        server.enqueue(new MockResponse().setBody("done"));
        try (CurlClient client = CurlClient.builder().retry(QUICK).build()) {
            long start = System.nanoTime();
            assertThat(text(client, CurlRequest.get(url("/r")))).isEqualTo("done");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void a429AndADroppedConnectionAreRetriedWithBackoff() throws Exception {
        // The 429 closes its connection: MockWebServer drops a connection "at start" only when the
        // retry opens a new one (a request on a kept-alive connection would get an empty 200).
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Connection", "close"));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
        server.enqueue(new MockResponse().setBody("third time"));
        try (CurlClient client = CurlClient.builder().retry(QUICK).build()) {
            assertThat(text(client, CurlRequest.get(url("/r")))).isEqualTo("third time");
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void attemptsAndTotalTimeAreBoundedAndTheLastResponseIsReturned() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(503).setBody("still busy " + i));
        }
        try (CurlClient client = CurlClient.builder().retry(QUICK).build()) {
            CurlResponse last = client.get(url("/r")).block(Duration.ofSeconds(20));
            assertThat(last.status()).isEqualTo(503);
            assertThat(last.bodyAsString().block(Duration.ofSeconds(5))).isEqualTo("still busy 2");
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "30"));
        try (CurlClient client = CurlClient.builder()
                .retry(QUICK.withMaxTotalTime(Duration.ofSeconds(2)))
                .build()) {
            long start = System.nanoTime();
            CurlResponse response = client.get(url("/r")).block(Duration.ofSeconds(20));
            response.discardBody();
            assertThat(response.status())
                    .as("a Retry-After past the total time ends the tries")
                    .isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void onlyIdempotentMethodsAndReplayableBodiesAreRetriedByDefault() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setBody("posted"));
        try (CurlClient client = CurlClient.builder().retry(QUICK).build()) {
            CurlResponse post = client.request(CurlRequest.post(url("/p"), RequestBody.ofString("x")))
                    .block(Duration.ofSeconds(10));
            post.discardBody();
            assertThat(post.status()).as("POST is not retried by default").isEqualTo(503);
            CurlResponse streamed = client.request(CurlRequest.builder(url("/p"))
                            .method("PUT")
                            .body(RequestBody.ofPublisher(Flux.just(ByteBuffer.wrap("y".getBytes())), 1))
                            .build())
                    .block(Duration.ofSeconds(10));
            streamed.discardBody();
            assertThat(streamed.status()).as("a streamed body is sent once").isEqualTo(503);
        }
        try (CurlClient client =
                CurlClient.builder().retry(QUICK.withMethods("POST")).build()) {
            assertThat(text(client, CurlRequest.post(url("/p"), RequestBody.ofString("z"))))
                    .isEqualTo("posted");
        }
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void downloadsUseTheSamePolicyAndTheRequestChangingFilters(@TempDir Path dir) throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));
        server.enqueue(new MockResponse().setBody("file body"));
        CurlFilter sign = CurlFilter.ofRequest(request ->
                Mono.just(request.newBuilder().header("X-Signature", "abc").build()));
        try (CurlClient client = CurlClient.builder().retry(QUICK).filter(sign).build()) {
            DownloadResult result =
                    client.download(url("/file"), dir.resolve("f.txt")).block(Duration.ofSeconds(20));
            assertThat(Files.readString(result.path())).isEqualTo("file body");
        }
        assertThat(server.takeRequest().getHeader("X-Signature")).isEqualTo("abc");
        assertThat(server.takeRequest().getHeader("X-Signature")).isEqualTo("abc");
        // The batch: its own policy, the same rules.
        server.enqueue(new MockResponse().setResponseCode(502));
        server.enqueue(new MockResponse().setBody("second"));
        try (CurlClient client = CurlClient.builder().build()) {
            DownloadResult result = client.batch(
                            Flux.just(DownloadRequest.of(url("/g"), dir.resolve("g.txt"))), 1, QUICK.withStatuses(502))
                    .results()
                    .blockLast(Duration.ofSeconds(20));
            assertThat(result.succeeded()).isTrue();
            assertThat(result.attempts()).isEqualTo(2);
        }
    }

    @Test
    void thePolicyChecksItsValuesAndComputesItsDelays() {
        RetryPolicy policy = RetryPolicy.defaults();
        assertThatThrownBy(() -> policy.withMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withJitter(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withMaxTotalTime(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withStatuses(42)).isInstanceOf(IllegalArgumentException.class);
        RetryPolicy exact = policy.withJitter(0).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(List.of(
                        exact.delay(1, null),
                        exact.delay(2, null),
                        exact.delay(3, null),
                        exact.delay(5, null),
                        exact.delay(80, null)))
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            assertThat(policy.delay(1, null)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        }
        assertThat(RetryPolicy.retryAfter("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryPolicy.retryAfter("soon")).isNull();
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(10));
        assertThat(RetryPolicy.retryAfter(inTenSeconds)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        assertThat(policy.appliesTo(CurlRequest.get("http://h/"))).isTrue();
        assertThat(policy.appliesTo(CurlRequest.post("http://h/", RequestBody.ofBytes(new byte[1]))))
                .isFalse();
    }
}
