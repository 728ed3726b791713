package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.CurlConnectException;
import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RecordingHandler;
import dev.curlmulti.core.testing.TestServer;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Requests and responses through {@link CurlClient}, against real servers on loopback. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class CurlClientTest {
    private final TestServer server = new TestServer();
    private final CurlClient client = CurlClient.create();

    @AfterEach
    void tearDown() throws Exception {
        client.dispose();
        server.close();
    }

    @Test
    void aGetEmitsTheResponseWithCaseInsensitiveHeadersAndTheBody() {
        CurlResponse response = client.get(server.url("/bytes/50000")).block(Duration.ofSeconds(10));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.httpVersion()).isEqualTo("HTTP/1.1");
        assertThat(response.headers().first("CONTENT-LENGTH")).isEqualTo("50000");
        byte[] body = response.bodyAsBytes().block(Duration.ofSeconds(10));
        assertThat(body).isEqualTo(TestServer.body(50000));
        assertThat(response.timings().block(Duration.ofSeconds(5)).total()).isPositive();
    }

    @Test
    void theReasonPhraseIsTheServersOwnAndEmptyWhereItSentNone() throws Exception {
        try (MockWebServer reasons = new MockWebServer()) {
            reasons.enqueue(new MockResponse().setStatus("HTTP/1.1 500 Server Error"));
            reasons.enqueue(new MockResponse().setStatus("HTTP/1.1 555 Zwei  Worte "));
            reasons.enqueue(new MockResponse().setStatus("HTTP/1.1 204"));
            reasons.enqueue(new MockResponse().setStatus("HTTP/1.0 200 OK"));
            String url = reasons.url("/").toString();
            for (String expected : new String[] {"500 Server Error", "555 Zwei  Worte", "204 ", "200 OK"}) {
                CurlResponse response = client.get(url).block(Duration.ofSeconds(10));
                response.discardBody();
                assertThat(response.status() + " " + response.reason()).isEqualTo(expected);
            }
        }
    }

    @Test
    void everyMethodAndBodyKindReachesTheServer() throws Exception {
        Path file = Files.createTempFile("upload", ".bin");
        try {
            byte[] fileBytes = TestServer.body(300_000, 7);
            Files.write(file, fileBytes);
            assertThat(echo(CurlRequest.post(server.url("/echo"), RequestBody.ofString("héllo"))))
                    .isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
            assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
            assertThat(echo(CurlRequest.builder(server.url("/echo"))
                            .method("PUT")
                            .body(RequestBody.ofFile(file))
                            .build()))
                    .isEqualTo(fileBytes);
            RecordedRequest put = server.takeRequest();
            assertThat(put.getMethod()).isEqualTo("PUT");
            assertThat(put.getHeader("Content-Length")).isEqualTo("300000");

            Flux<ByteBuffer> chunks = Flux.range(0, 10).map(i -> ByteBuffer.wrap(TestServer.body(10_000, i)));
            byte[] expected = Flux.range(0, 10)
                    .map(i -> TestServer.body(10_000, i))
                    .reduce(new java.io.ByteArrayOutputStream(), (out, b) -> {
                        out.writeBytes(b);
                        return out;
                    })
                    .block()
                    .toByteArray();
            assertThat(echo(CurlRequest.builder(server.url("/echo"))
                            .method("PATCH")
                            .body(RequestBody.ofPublisher(chunks, -1))
                            .build()))
                    .isEqualTo(expected);
            RecordedRequest patch = server.takeRequest();
            assertThat(patch.getMethod()).isEqualTo("PATCH");
            assertThat(patch.getHeader("Transfer-Encoding")).isEqualTo("chunked");

            for (String method : new String[] {"DELETE", "OPTIONS", "PURGE"}) {
                CurlResponse response = client.request(CurlRequest.builder(server.url("/bytes/3"))
                                .method(method)
                                .build())
                        .block();
                response.discardBody();
                assertThat(server.takeRequest().getMethod()).isEqualTo(method);
            }
            CurlResponse head = client.request(CurlRequest.builder(server.url("/bytes/100"))
                            .method("HEAD")
                            .build())
                    .block();
            assertThat(head.bodyAsBytes().block()).isEmpty();
            assertThat(server.takeRequest().getMethod()).isEqualTo("HEAD");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aPooledHandleForgetsThePreviousRequestsMethodAndBody() throws Exception {
        // One loop, one connection: every request reuses the same pooled handle.
        for (int round = 0; round < 2; round++) {
            echo(CurlRequest.post(server.url("/echo"), RequestBody.ofString("data")));
            echo(CurlRequest.get(server.url("/bytes/5")));
            // (MockWebServer would send a body even to HEAD: ask for an empty one.)
            echo(CurlRequest.builder(server.url("/status/200")).method("HEAD").build());
            echo(CurlRequest.builder(server.url("/echo"))
                    .method("PUT")
                    .body(RequestBody.ofPublisher(Flux.just(ByteBuffer.wrap(new byte[] {1, 2, 3})), 3))
                    .build());
            echo(CurlRequest.get(server.url("/bytes/5")));
            echo(CurlRequest.builder(server.url("/bytes/5")).method("DELETE").build());
            echo(CurlRequest.get(server.url("/bytes/5")));
        }
        java.util.List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 14; i++) {
            RecordedRequest request = server.takeRequest();
            seen.add(request.getMethod() + " " + request.getBodySize());
        }
        assertThat(seen)
                .containsExactly(
                        "POST 4",
                        "GET 0",
                        "HEAD 0",
                        "PUT 3",
                        "GET 0",
                        "DELETE 0",
                        "GET 0",
                        "POST 4",
                        "GET 0",
                        "HEAD 0",
                        "PUT 3",
                        "GET 0",
                        "DELETE 0",
                        "GET 0");
    }

    private byte[] echo(CurlRequest request) {
        return client.request(request).flatMap(CurlResponse::bodyAsBytes).block(Duration.ofSeconds(20));
    }

    @Test
    void theResponseMonoIsColdSoRetryMakesANewTransfer() throws Exception {
        try (MockWebServer flaky = new MockWebServer()) {
            flaky.enqueue(new MockResponse().setResponseCode(503));
            flaky.enqueue(new MockResponse().setBody("second time lucky"));
            flaky.start();
            Mono<String> call =
                    client.retrieve(CurlRequest.get(flaky.url("/x").toString())).flatMap(CurlResponse::bodyAsString);
            StepVerifier.create(call.retry(1)).expectNext("second time lucky").verifyComplete();
            assertThat(flaky.getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void retrieveTurnsErrorStatusesIntoHttpStatusException() {
        StepVerifier.create(client.retrieve(CurlRequest.get(server.url("/status/404"))))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(HttpStatusException.class);
                    assertThat(((HttpStatusException) e).status()).isEqualTo(404);
                })
                .verify(Duration.ofSeconds(10));
        // request() itself treats any status as a response.
        assertThat(client.get(server.url("/status/555")).block().status()).isEqualTo(555);
    }

    @Test
    void cancellingTheMonoBeforeTheHeadAbortsTheTransfer() throws Exception {
        try (MockWebServer slow = new MockWebServer()) {
            slow.enqueue(new MockResponse().setHeadersDelay(5, TimeUnit.SECONDS).setBody("late"));
            slow.start();
            StepVerifier.create(client.get(slow.url("/").toString()))
                    .expectSubscription()
                    .thenAwait(Duration.ofMillis(300))
                    .thenCancel()
                    .verify(Duration.ofSeconds(5));
            Await.until(Duration.ofSeconds(5), () -> client.inFlight() == 0, "no transfer in flight");
        }
    }

    @Test
    void theBodyCanBeSubscribedOnlyOnce() {
        CurlResponse response = client.get(server.url("/bytes/10")).block();
        Flux<ByteBuffer> body = response.body();
        StepVerifier.create(body.map(ByteBuffer::remaining).reduce(Integer::sum))
                .expectNext(10)
                .verifyComplete();
        StepVerifier.create(response.body())
                .expectError(IllegalStateException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void bodyAsBytesHasASizeLimit() {
        try (CurlClient small = CurlClient.builder().maxInMemorySize(1000).build()) {
            StepVerifier.create(small.get(server.url("/bytes/5000")).flatMap(CurlResponse::bodyAsBytes))
                    .expectError(CurlTooLargeException.class)
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aBlockingInputStreamReadsTheWholeBody() throws Exception {
        CurlResponse response = client.get(server.url("/bytes/1000000")).block();
        try (InputStream in = response.bodyAsInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(TestServer.body(1_000_000));
        }
    }

    @Test
    void headersWithCrLfOrNulAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> CurlRequest.builder(server.url("/")).header("X-Evil", "a\r\nInjected: 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CR");
        assertThatThrownBy(() -> CurlRequest.builder(server.url("/")).header("X-Evil", "a\nb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LF");
        assertThatThrownBy(() -> CurlRequest.builder(server.url("/")).header("X-Evil", "a\0b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> CurlRequest.builder(server.url("/")).header("Bad Name", "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurlRequest.builder(server.url("/")).method("GET /x HTTP/1.1\r\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurlRequest.builder(server.url("/a b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurlClient.builder().userAgent("x\r\nEvil: 1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aConnectionFailureIsATypedErrorOnTheMono() {
        StepVerifier.create(client.get("http://127.0.0.1:" + TestServer.closedPort() + "/"))
                .expectError(CurlConnectException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void reactorContextFlowsThroughTheResponse() {
        Mono<String> seen = client.get(server.url("/bytes/1"))
                .flatMap(response -> {
                    response.discardBody();
                    return Mono.deferContextual(
                            context -> Mono.just(context.get("trace-id").toString()));
                })
                .contextWrite(context -> context.put("trace-id", "abc-123"));
        StepVerifier.create(seen).expectNext("abc-123").verifyComplete();
    }

    @Test
    void aBodyNobodySubscribesToIsAbortedSoItCannotPinAConnection() throws Exception {
        try (CurlClient impatient = CurlClient.builder()
                .bodySubscribeTimeout(Duration.ofMillis(200))
                .build()) {
            CurlResponse response = impatient.get(server.url("/bytes/20000000")).block();
            assertThat(response.status()).isEqualTo(200);
            Await.until(Duration.ofSeconds(5), () -> impatient.inFlight() == 0, "no transfer in flight");
            StepVerifier.create(response.body())
                    .expectErrorMessage(
                            "the response body was not subscribed within 200 ms; the transfer was aborted to free its"
                                    + " connection")
                    .verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void aPausedBodyWhoseClientIsDisposedStillGetsItsQueuedChunksAndThenTheCloseError() {
        // Found by the storm (bin/soak): the consumer holds no demand, so the transfer is paused
        // with chunks queued; dispose fails the transfer, and the later demand must still reach
        // the queue and the error although the loop thread is gone.
        CurlResponse response = client.get(server.url("/bytes/4000000")).block(Duration.ofSeconds(10));
        StepVerifier.create(response.body(), 1)
                .expectNextCount(1)
                .then(() -> {
                    sleepMillis(200); // let the queue fill to its limit and the transfer pause
                    client.dispose();
                })
                .thenRequest(Long.MAX_VALUE)
                .thenConsumeWhile(chunk -> true)
                .expectError(dev.curlmulti.core.loop.EventLoopClosedException.class)
                .verify(Duration.ofSeconds(10));
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBodyWhoseLastChunkCrossesTheSizeLimitFailsRatherThanEndingTruncated() {
        // One 2-byte chunk that is also the last: libcurl reports success before the cancel can act.
        CurlClient limited = CurlClient.builder().maxResponseSize(1).build();
        try {
            StepVerifier.create(limited.get(server.url("/bytes/2")).flatMap(CurlResponse::bodyAsBytes))
                    .expectError(CurlTooLargeException.class)
                    .verify(Duration.ofSeconds(10));
        } finally {
            limited.dispose();
        }
    }

    @Test
    void aDisposedClientRefusesNewRequests() {
        CurlClient temporary = CurlClient.create();
        temporary.dispose();
        temporary.dispose();
        assertThat(temporary.isDisposed()).isTrue();
        StepVerifier.create(temporary.get(server.url("/bytes/1")))
                .expectError(IllegalStateException.class)
                .verify(Duration.ofSeconds(5));
    }

    @SuppressWarnings("unused")
    private static String sha(byte[] bytes) {
        return RecordingHandler.sha256(bytes);
    }
}
