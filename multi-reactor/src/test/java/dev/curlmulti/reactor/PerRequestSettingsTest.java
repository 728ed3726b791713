package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import okhttp3.Protocol;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A request's own settings override the client's for that request only, and the pooled handle it
 * used serves the next request with the client's settings again.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class PerRequestSettingsTest {
    private static final String TEXT = "hello ".repeat(200);
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = LambdaMockServer.start(PerRequestSettingsTest::answer);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static MockResponse answer(RecordedRequest request) {
        String path = request.getPath();
        String acceptEncoding = request.getHeader("Accept-Encoding");
        return switch (path) {
            case "/slow" -> new MockResponse().setBody("slow").setHeadersDelay(800, TimeUnit.MILLISECONDS);
            case "/redirect" -> new MockResponse().setResponseCode(302).setHeader("Location", "/final");
            case "/final" -> new MockResponse().setBody("final");
            case "/big" -> new MockResponse().setBody("x".repeat(10_000));
            case "/text" ->
                acceptEncoding != null && acceptEncoding.contains("gzip")
                        ? new MockResponse()
                                .setHeader("Content-Encoding", "gzip")
                                .setBody(gzip(TEXT))
                        : new MockResponse().setHeader("X-Plain", "yes").setBody(TEXT);
            default -> new MockResponse().setResponseCode(404);
        };
    }

    private String url(String path) {
        return server.url(path).toString();
    }

    private static CurlResponse send(CurlClient client, CurlRequest request) {
        return client.request(request).block(Duration.ofSeconds(20));
    }

    private static String text(CurlClient client, CurlRequest request) {
        return client.request(request).flatMap(CurlResponse::bodyAsString).block(Duration.ofSeconds(20));
    }

    @Test
    void aResponseTimeoutOfItsOwnEndsOnlyThatRequest() {
        try (CurlClient client = CurlClient.builder()
                .loops(1)
                .responseTimeout(Duration.ofSeconds(10))
                .build()) {
            CurlRequest impatient = CurlRequest.builder(url("/slow"))
                    .responseTimeout(Duration.ofMillis(150))
                    .build();
            assertThat(Failures.errorOf(client.request(impatient).flatMap(CurlResponse::bodyAsString)))
                    .isInstanceOf(CurlTimeoutException.class);
            // The client's own limit (10 s) applies to the next one on the same pooled handle.
            assertThat(text(client, CurlRequest.get(url("/slow")))).isEqualTo("slow");
        }
    }

    @Test
    void redirectsCanBeTurnedOnOrOffPerRequest() {
        try (CurlClient client = CurlClient.builder().loops(1).build()) {
            assertThat(text(
                            client,
                            CurlRequest.builder(url("/redirect"))
                                    .followRedirects(3)
                                    .build()))
                    .isEqualTo("final");
            assertThat(send(client, CurlRequest.get(url("/redirect"))).status()).isEqualTo(302);
        }
        try (CurlClient client =
                CurlClient.builder().loops(1).followRedirects(5).build()) {
            CurlResponse stayed = send(
                    client,
                    CurlRequest.builder(url("/redirect")).followRedirects(0).build());
            stayed.discardBody();
            assertThat(stayed.status()).isEqualTo(302);
            assertThat(text(client, CurlRequest.get(url("/redirect")))).isEqualTo("final");
        }
    }

    @Test
    void compressionCanBeAskedForPerRequest() throws Exception {
        try (CurlClient client = CurlClient.builder().loops(1).build()) {
            assertThat(text(
                            client,
                            CurlRequest.builder(url("/text")).compression(true).build()))
                    .isEqualTo(TEXT);
            assertThat(server.takeRequest().getHeader("Accept-Encoding")).contains("gzip");
            CurlResponse plain = send(client, CurlRequest.get(url("/text")));
            assertThat(plain.headers().first("X-Plain")).isEqualTo("yes");
            assertThat(plain.bodyAsString().block(Duration.ofSeconds(10))).isEqualTo(TEXT);
            assertThat(server.takeRequest().getHeader("Accept-Encoding")).isNull();
        }
        try (CurlClient client = CurlClient.builder().loops(1).compression(true).build()) {
            CurlResponse plain = send(
                    client, CurlRequest.builder(url("/text")).compression(false).build());
            assertThat(plain.headers().first("X-Plain")).isEqualTo("yes");
            plain.discardBody();
            assertThat(server.takeRequest().getHeader("Accept-Encoding")).isNull();
        }
    }

    @Test
    void aResponseSizeLimitOfItsOwnEndsOnlyThatRequest() {
        try (CurlClient client =
                CurlClient.builder().loops(1).maxResponseSize(1_000_000).build()) {
            assertThat(Failures.errorOf(client.request(CurlRequest.builder(url("/big"))
                                    .maxResponseSize(1024)
                                    .build())
                            .flatMap(CurlResponse::bodyAsString)))
                    .isInstanceOf(CurlTooLargeException.class)
                    .hasMessageContaining("1024");
            assertThat(text(client, CurlRequest.get(url("/big")))).hasSize(10_000);
        }
        try (CurlClient client =
                CurlClient.builder().loops(1).maxResponseSize(1024).build()) {
            assertThat(text(
                            client,
                            CurlRequest.builder(url("/big"))
                                    .maxResponseSize(20_000)
                                    .build()))
                    .hasSize(10_000);
        }
    }

    @Test
    void anHttpVersionOfItsOwnReachesAServerThatSpeaksOnlyThat() throws Exception {
        try (MockWebServer h2c = new MockWebServer()) {
            h2c.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
            h2c.enqueue(new MockResponse().setBody("over h2c"));
            h2c.start(InetAddress.getLoopbackAddress(), 0);
            try (CurlClient client = CurlClient.builder()
                    .loops(1)
                    .httpVersion(HttpVersion.HTTP_1_1)
                    .build()) {
                CurlResponse response = send(
                        client,
                        CurlRequest.builder(h2c.url("/").toString())
                                .httpVersion(HttpVersion.HTTP_2_PRIOR_KNOWLEDGE)
                                .build());
                assertThat(response.httpVersion()).isEqualTo("HTTP/2");
                assertThat(response.bodyAsString().block(Duration.ofSeconds(10)))
                        .isEqualTo("over h2c");
                CurlResponse next = send(client, CurlRequest.get(url("/final")));
                assertThat(next.httpVersion()).isEqualTo("HTTP/1.1");
                next.discardBody();
            }
        }
    }

    @Test
    void aProxyOfItsOwnOrNoneAtAll() throws Exception {
        try (MockWebServer proxy = new MockWebServer();
                MockWebServer otherProxy = new MockWebServer()) {
            proxy.enqueue(new MockResponse().setBody("from the client's proxy"));
            otherProxy.enqueue(new MockResponse().setBody("from the request's proxy"));
            proxy.start(InetAddress.getLoopbackAddress(), 0);
            otherProxy.start(InetAddress.getLoopbackAddress(), 0);
            ProxyConfig clientProxy =
                    ProxyConfig.of("http://127.0.0.1:" + proxy.getPort()).withCredentials("client", "secret");
            try (CurlClient client =
                    CurlClient.builder().loops(1).proxy(clientProxy).build()) {
                assertThat(text(
                                client,
                                CurlRequest.builder(url("/final"))
                                        .directConnection()
                                        .build()))
                        .isEqualTo("final");
                assertThat(text(
                                client,
                                CurlRequest.builder("http://origin.test/x")
                                        .proxy(ProxyConfig.of("http://127.0.0.1:" + otherProxy.getPort()))
                                        .build()))
                        .isEqualTo("from the request's proxy");
                assertThat(text(client, CurlRequest.get("http://origin.test/y")))
                        .isEqualTo("from the client's proxy");
            }
            RecordedRequest viaOther = otherProxy.takeRequest();
            assertThat(viaOther.getRequestLine()).isEqualTo("GET http://origin.test/x HTTP/1.1");
            assertThat(viaOther.getHeader("Proxy-Authorization"))
                    .as("the client's proxy credentials stay with it")
                    .isNull();
            RecordedRequest viaClients = proxy.takeRequest();
            assertThat(viaClients.getRequestLine()).isEqualTo("GET http://origin.test/y HTTP/1.1");
            assertThat(viaClients.getHeader("Proxy-Authorization")).isNotNull();
            assertThat(proxy.getRequestCount()).isEqualTo(1);
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void badValuesAreRefusedWhenSet() {
        CurlRequest.Builder builder = CurlRequest.builder("http://127.0.0.1/");
        assertThatThrownBy(() -> builder.maxResponseSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.followRedirects(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.responseTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        CurlRequest copy = builder.responseTimeout(Duration.ofSeconds(1))
                .compression(true)
                .followRedirects(2)
                .maxResponseSize(5)
                .httpVersion(HttpVersion.HTTP_2)
                .directConnection()
                .build()
                .newBuilder()
                .build();
        assertThat(copy.responseTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(copy.compression()).isTrue();
        assertThat(copy.maxRedirects()).isEqualTo(2);
        assertThat(copy.maxResponseSize()).isEqualTo(5);
        assertThat(copy.httpVersion()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(copy.directConnection()).isTrue();
    }

    private static Buffer gzip(String text) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            return new Buffer().write(bytes.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
