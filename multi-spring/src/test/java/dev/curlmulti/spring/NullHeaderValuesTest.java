package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.IOException;
import java.net.InetAddress;
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
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A header added with a null value is sent with an empty value by RestClient, RestTemplate and
 * WebClient, as Spring's own connectors send it (libcurl needs its {@code "Name;"} form for that:
 * {@code "Name:"} would remove the header instead).
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class NullHeaderValuesTest {
    private final MockWebServer server = new MockWebServer();
    private final CurlClientHttpRequestFactory factory = new CurlClientHttpRequestFactory();

    @BeforeEach
    void start() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
        server.enqueue(new MockResponse().setBody("ok"));
    }

    @AfterEach
    void stop() throws IOException {
        factory.close();
        server.shutdown();
    }

    private void assertTheServerSawAnEmptyXTest() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.getHeaders().values("X-Test")).containsExactly("");
        assertThat(request.getHeaders().values("X-Other")).containsExactly("kept");
    }

    @Test
    void restClientSendsANullHeaderValueAsEmpty() throws Exception {
        String body = RestClient.builder()
                .requestFactory(factory)
                .build()
                .get()
                .uri(server.url("/").uri())
                .headers(headers -> {
                    headers.add("X-Test", null);
                    headers.add("X-Other", "kept");
                })
                .retrieve()
                .body(String.class);
        assertThat(body).isEqualTo("ok");
        assertTheServerSawAnEmptyXTest();
    }

    @Test
    void restTemplateSendsANullHeaderValueAsEmpty() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Test", null);
        headers.add("X-Other", "kept");
        String body = new RestTemplate(factory)
                .exchange(server.url("/").uri(), HttpMethod.GET, new HttpEntity<>(headers), String.class)
                .getBody();
        assertThat(body).isEqualTo("ok");
        assertTheServerSawAnEmptyXTest();
    }

    @Test
    void webClientSendsANullHeaderValueAsEmpty() throws Exception {
        try (CurlClientHttpConnector connector = new CurlClientHttpConnector()) {
            String body = WebClient.builder()
                    .clientConnector(connector)
                    .build()
                    .get()
                    .uri(server.url("/").uri())
                    .headers(headers -> {
                        headers.add("X-Test", null);
                        headers.add("X-Other", "kept");
                    })
                    .retrieve()
                    .bodyToMono(String.class)
                    .block(Duration.ofSeconds(20));
            assertThat(body).isEqualTo("ok");
        }
        assertTheServerSawAnEmptyXTest();
    }
}
