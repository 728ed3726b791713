package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.HttpVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import okhttp3.Protocol;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * {@code ClientHttpResponse.getStatusText()} is the server's reason phrase on HTTP/1.x, as with
 * Spring's other clients, so Spring's exception messages read the same whichever factory sent the
 * request; the standard phrase only on HTTP/2, which has none.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class ReasonPhraseTest {
    private final MockWebServer server = new MockWebServer();
    private CurlClientHttpRequestFactory factory;

    @AfterEach
    void tearDown() throws IOException {
        if (factory != null) {
            factory.close();
        }
        server.shutdown();
    }

    private String url() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server.url("/items").toString();
    }

    @Test
    void theServersPhraseIsTheStatusTextAndInSpringsExceptionMessage() throws IOException {
        server.enqueue(new MockResponse().setStatus("HTTP/1.1 500 Server Error").setBody("down"));
        String url = url();
        factory = new CurlClientHttpRequestFactory();
        HttpServerErrorException error = catchThrowableOfType(
                () -> RestClient.builder()
                        .requestFactory(factory)
                        .build()
                        .get()
                        .uri(url)
                        .retrieve()
                        .toBodilessEntity(),
                HttpServerErrorException.class);
        assertThat(error.getStatusText()).isEqualTo("Server Error");
        assertThat(error.getMessage()).isEqualTo("500 Server Error: \"down\"");
    }

    @Test
    void anUnknownCodeKeepsItsPhraseAndAnEmptyPhraseStaysEmpty() throws IOException {
        server.enqueue(new MockResponse().setStatus("HTTP/1.1 555 Custom Reason"));
        server.enqueue(new MockResponse().setStatus("HTTP/1.1 200 "));
        String url = url();
        factory = new CurlClientHttpRequestFactory();
        RestTemplate restTemplate = new RestTemplate(factory);
        HttpServerErrorException error = catchThrowableOfType(
                () -> restTemplate.getForObject(url, String.class), HttpServerErrorException.class);
        assertThat(error.getStatusCode().value()).isEqualTo(555);
        assertThat(error.getStatusText()).isEqualTo("Custom Reason");
        String statusText = restTemplate.execute(
                url, org.springframework.http.HttpMethod.GET, null, ClientHttpResponse::getStatusText);
        assertThat(statusText).isEmpty();
    }

    @Test
    void http2HasNoPhraseSoTheStandardOneIsGiven() throws IOException {
        server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
        server.enqueue(new MockResponse().setResponseCode(404));
        String url = url();
        CurlClient h2 = CurlClient.builder()
                .httpVersion(HttpVersion.HTTP_2_PRIOR_KNOWLEDGE)
                .build();
        try {
            factory = new CurlClientHttpRequestFactory(h2);
            HttpClientErrorException error = catchThrowableOfType(
                    () -> new RestTemplate(factory).getForObject(url, String.class), HttpClientErrorException.class);
            assertThat(error.getStatusText()).isEqualTo("Not Found");
            assertThat(error.getMessage()).startsWith("404 Not Found");
        } finally {
            h2.dispose();
        }
    }
}
