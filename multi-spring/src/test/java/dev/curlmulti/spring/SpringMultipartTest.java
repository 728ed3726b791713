package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.MultipartParts;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.IOException;
import java.net.InetAddress;
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
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Spring's own multipart encoders (WebClient's {@code MultipartBodyBuilder}, RestClient's
 * {@code MultiValueMap} converter) on our connectors: they encode the body themselves, and the
 * connectors must send it as they produced it, boundary and all.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class SpringMultipartTest {
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void setUp() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void tearDown() throws IOException {
        server.shutdown();
    }

    @Test
    void webClientsMultipartBodyBuilderArrivesWhole() throws Exception {
        server.enqueue(new MockResponse().setBody("ok"));
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("title", "holiday");
        parts.part("photo", new ByteArrayResource(new byte[] {1, 2, 3}) {
                    @Override
                    public String getFilename() {
                        return "beach.jpg";
                    }
                })
                .contentType(MediaType.IMAGE_JPEG);
        try (CurlClientHttpConnector connector = new CurlClientHttpConnector()) {
            String answer = WebClient.builder()
                    .clientConnector(connector)
                    .build()
                    .post()
                    .uri(server.url("/upload").toString())
                    .body(BodyInserters.fromMultipartData(parts.build()))
                    .retrieve()
                    .bodyToMono(String.class)
                    .block(Duration.ofSeconds(10));
            assertThat(answer).isEqualTo("ok");
        }
        assertPhotoForm(server.takeRequest(5, TimeUnit.SECONDS));
    }

    @Test
    void restClientsMultiValueMapArrivesWhole() throws Exception {
        server.enqueue(new MockResponse().setBody("ok"));
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("title", "holiday");
        form.add("photo", new ByteArrayResource(new byte[] {1, 2, 3}) {
            @Override
            public String getFilename() {
                return "beach.jpg";
            }
        });
        try (CurlClientHttpRequestFactory factory = new CurlClientHttpRequestFactory()) {
            String answer = RestClient.builder()
                    .requestFactory(factory)
                    .build()
                    .post()
                    .uri(server.url("/upload").toString())
                    .contentType(MediaType.MULTIPART_FORM_DATA)
                    .body(form)
                    .retrieve()
                    .body(String.class);
            assertThat(answer).isEqualTo("ok");
        }
        assertPhotoForm(server.takeRequest(5, TimeUnit.SECONDS));
    }

    private static void assertPhotoForm(RecordedRequest request) throws IOException {
        List<MultipartParts.Part> parts = MultipartParts.parse(request.getHeader("Content-Type"), request.getBody());
        assertThat(parts).extracting(MultipartParts.Part::name).containsExactly("title", "photo");
        assertThat(parts.get(0).text()).isEqualTo("holiday");
        assertThat(parts.get(1).filename()).isEqualTo("beach.jpg");
        assertThat(parts.get(1).body()).containsExactly(1, 2, 3);
    }
}
