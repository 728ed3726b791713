package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.Compressed;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.reactor.CurlClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * With compression on, libcurl decodes the body, and every Spring client on libcurl sees the head of
 * the decoded body: no {@code Content-Encoding}, no encoded {@code Content-Length}. Spring's String
 * converter reads exactly {@code Content-Length} bytes when one is given, so a kept encoded length
 * cut a 200,025-character page to its first few thousand characters without an error.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class DecodedBodiesTest {
    /** A 200,015-character page, much longer than its compressed form, as real HTML pages are. */
    private static final String PAGE = "<p>" + "compressible page text ".repeat(8_696) + "</p>";

    private final MockWebServer server = new MockWebServer();
    private CurlClient client;

    @BeforeEach
    void setUp() throws IOException {
        Map<String, byte[]> bodies = new HashMap<>();
        for (String encoding : new String[] {"gzip", "br", "zstd"}) {
            bodies.put(encoding, Compressed.encode(encoding, PAGE.getBytes(StandardCharsets.UTF_8)));
        }
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String encoding = request.getRequestUrl().encodedPath().substring(1);
                // MockWebServer adds the Content-Length of the encoded bytes, as servers do
                return new MockResponse()
                        .addHeader("Content-Type", "text/html; charset=utf-8")
                        .addHeader("Content-Encoding", encoding)
                        .setBody(new Buffer().write(bodies.get(encoding)));
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = CurlClient.builder().compression(true).build();
    }

    @AfterEach
    void tearDown() throws IOException {
        client.dispose();
        server.shutdown();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "br", "zstd"})
    void restClientReadsTheWholeDecodedBody(String encoding) {
        RestClient restClient = RestClient.builder()
                .requestFactory(new CurlClientHttpRequestFactory(client))
                .build();
        ResponseEntity<String> entity = restClient
                .get()
                .uri(server.url("/" + encoding).uri())
                .retrieve()
                .toEntity(String.class);
        assertThat(entity.getBody()).hasSize(PAGE.length()).isEqualTo(PAGE);
        assertThat(entity.getHeaders().getFirst("Content-Encoding")).isNull();
        assertThat(entity.getHeaders().getContentLength()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "br", "zstd"})
    void restTemplateReadsTheWholeDecodedBody(String encoding) {
        RestTemplate restTemplate = new RestTemplate(new CurlClientHttpRequestFactory(client));
        ResponseEntity<String> entity =
                restTemplate.getForEntity(server.url("/" + encoding).uri(), String.class);
        assertThat(entity.getBody()).isEqualTo(PAGE);
        assertThat(entity.getHeaders().getFirst("Content-Encoding")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "br", "zstd"})
    void webClientReadsTheWholeDecodedBody(String encoding) {
        WebClient webClient = WebClient.builder()
                .clientConnector(new CurlClientHttpConnector(client))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1 << 20))
                .build();
        ResponseEntity<String> entity = webClient
                .get()
                .uri(server.url("/" + encoding).uri())
                .retrieve()
                .toEntity(String.class)
                .block(Duration.ofSeconds(20));
        assertThat(entity.getBody()).isEqualTo(PAGE);
        assertThat(entity.getHeaders().getFirst("Content-Encoding")).isNull();
        assertThat(entity.getHeaders().getContentLength()).isEqualTo(-1);
    }
}
