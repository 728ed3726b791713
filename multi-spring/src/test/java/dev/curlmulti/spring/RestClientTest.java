package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.curlmulti.core.CurlConnectException;
import dev.curlmulti.core.testing.BlackholedPort;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * RestClient on libcurl ({@link CurlClientHttpRequestFactory}): the exchange itself (status,
 * headers, cookies, bodies with a known length) and its failures, each with the JDK type that
 * retry rules and error handlers written for other factories look for as its root cause.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class RestClientTest {
    private final MockWebServer server = new MockWebServer();
    private CurlClientHttpRequestFactory factory;
    private RestClient restClient;

    @BeforeEach
    void setUp() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
        factory = new CurlClientHttpRequestFactory();
        restClient = RestClient.builder()
                .requestFactory(factory)
                .baseUrl(server.url("/").toString())
                .build();
    }

    @AfterEach
    void tearDown() throws IOException {
        factory.close();
        server.shutdown();
    }

    @Test
    void aGetSendsEveryHeaderValueAndReturnsStatusHeadersCookiesAndBody() throws Exception {
        server.enqueue(new MockResponse()
                .setBody("hello")
                .addHeader("X-Multi", "a")
                .addHeader("X-Multi", "b")
                .addHeader("Set-Cookie", "flavour=oat; Path=/")
                .addHeader("Set-Cookie", "size=large"));

        ResponseEntity<String> entity = restClient
                .get()
                .uri("/greeting")
                .header("X-Request", "one", "two")
                .header("Cookie", "session=abc")
                .retrieve()
                .toEntity(String.class);

        assertThat(entity.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(entity.getBody()).isEqualTo("hello");
        assertThat(entity.getHeaders().getValuesAsList("x-multi")).containsExactly("a", "b");
        assertThat(entity.getHeaders().getValuesAsList("Set-Cookie"))
                .containsExactly("flavour=oat; Path=/", "size=large");
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getPath()).isEqualTo("/greeting");
        assertThat(request.getHeaders().values("X-Request")).containsExactly("one", "two");
        assertThat(request.getHeader("Cookie")).isEqualTo("session=abc");
    }

    @Test
    void anyStatusIsAResponse() {
        server.enqueue(new MockResponse().setResponseCode(404).setBody("missing"));
        server.enqueue(new MockResponse().setResponseCode(599).setBody("odd"));

        Throwable notFound =
                catchThrowable(() -> restClient.get().uri("/a").retrieve().body(String.class));
        assertThat(notFound).isInstanceOf(HttpClientErrorException.NotFound.class);
        assertThat(((HttpClientErrorException) notFound).getResponseBodyAsString())
                .isEqualTo("missing");

        String odd = restClient
                .get()
                .uri("/b")
                .exchange((request, response) -> response.getStatusCode().value() + " '" + response.getStatusText()
                        + "' " + new String(response.getBody().readAllBytes()));
        // MockWebServer says "HTTP/1.1 599 Server Error": the status text is the server's phrase
        assertThat(odd).isEqualTo("599 'Server Error' odd");
    }

    @Test
    void aBodyOfKnownLengthIsSentWithContentLength() throws Exception {
        server.enqueue(new MockResponse().setBody("stored"));
        String answer = restClient
                .post()
                .uri("/store")
                .body("{\"name\":\"curl\"}")
                .header("Content-Type", "application/json")
                .retrieve()
                .body(String.class);
        assertThat(answer).isEqualTo("stored");
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getHeader("Content-Length")).isEqualTo("15");
        assertThat(request.getHeader("Transfer-Encoding")).isNull();
        assertThat(request.getBody().readUtf8()).isEqualTo("{\"name\":\"curl\"}");
    }

    @Test
    void putDeleteAndPostWithoutABodyWork() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        server.enqueue(new MockResponse().setResponseCode(202));
        server.enqueue(new MockResponse().setBody("posted"));
        assertThat(restClient
                        .put()
                        .uri("/item")
                        .body("v")
                        .retrieve()
                        .toBodilessEntity()
                        .getStatusCode()
                        .value())
                .isEqualTo(204);
        assertThat(restClient
                        .delete()
                        .uri("/item")
                        .retrieve()
                        .toBodilessEntity()
                        .getStatusCode()
                        .value())
                .isEqualTo(202);
        assertThat(restClient.post().uri("/ping").retrieve().body(String.class)).isEqualTo("posted");
        assertThat(server.takeRequest().getMethod()).isEqualTo("PUT");
        assertThat(server.takeRequest().getMethod()).isEqualTo("DELETE");
        RecordedRequest post = server.takeRequest();
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(post.getBodySize()).isZero();
    }

    @Test
    void aRefusedConnectionIsAResourceAccessExceptionWithAConnectExceptionAtItsRoot() {
        int attempts = 0;
        Throwable last = null;
        // A retry rule as written for the JDK or Reactor Netty factories: retry while the root cause is a
        // ConnectException.
        while (attempts < 3) {
            attempts++;
            last = catchThrowable(() -> restClient
                    .get()
                    .uri("http://127.0.0.1:" + TestServer.closedPort() + "/")
                    .retrieve()
                    .body(String.class));
            if (!(NestedExceptionUtils.getRootCause(last) instanceof ConnectException)) {
                break;
            }
        }
        assertThat(attempts).isEqualTo(3);
        assertThat(last).isInstanceOf(ResourceAccessException.class).hasCauseInstanceOf(CurlConnectException.class);
        assertThat(NestedExceptionUtils.getRootCause(last)).isInstanceOf(ConnectException.class);
    }

    @Test
    void anUnknownHostHasAnUnknownHostExceptionAtItsRoot() {
        Throwable error = catchThrowable(() ->
                restClient.get().uri("http://no-such-host.invalid/").retrieve().body(String.class));
        assertThat(error).isInstanceOf(ResourceAccessException.class);
        assertThat(NestedExceptionUtils.getRootCause(error)).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void theConnectTimeoutEndsAConnectThatHangsWithAConnectExceptionAtItsRoot() throws Exception {
        try (BlackholedPort blackhole = new BlackholedPort()) {
            factory.setConnectTimeout(Duration.ofMillis(300));
            long start = System.nanoTime();
            Throwable error = catchThrowable(
                    () -> restClient.get().uri(blackhole.url()).retrieve().body(String.class));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(error).isInstanceOf(ResourceAccessException.class);
            assertThat(NestedExceptionUtils.getRootCause(error)).isInstanceOf(ConnectException.class);
            assertThat(causes(error)).anyMatch(SocketTimeoutException.class::isInstance);
        }
    }

    @Test
    void theReadTimeoutEndsABodyThatStopsArrivingWithASocketTimeout() throws Exception {
        try (StreamingServer stalling = new StreamingServer().handle("/", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            factory.setReadTimeout(Duration.ofMillis(400));
            long start = System.nanoTime();
            Throwable error = catchThrowable(
                    () -> restClient.get().uri(stalling.url("/")).retrieve().body(byte[].class));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(NestedExceptionUtils.getRootCause(error)).isInstanceOf(SocketTimeoutException.class);
        }
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
