package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.ResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

/** RestTemplate on libcurl: the same factory under the older API, bodies streamed both ways. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class RestTemplateTest {
    private static final int MIB = 1024 * 1024;

    private final StreamingServer server;
    private final CurlClientHttpRequestFactory factory = new CurlClientHttpRequestFactory();
    private final RestTemplate restTemplate = new RestTemplate(factory);

    RestTemplateTest() throws IOException {
        server = new StreamingServer();
    }

    @AfterEach
    void tearDown() {
        factory.close();
        server.close();
    }

    @Test
    void getAndPostEntities() {
        AtomicReference<String> contentLength = new AtomicReference<>();
        server.handle("/hello", exchange -> {
            exchange.getResponseHeaders().add("X-Multi", "a");
            exchange.getResponseHeaders().add("X-Multi", "b");
            StreamingServer.reply(exchange, 200, "hello " + exchange.getRequestMethod());
        });
        server.handle("/echo", exchange -> {
            contentLength.set(exchange.getRequestHeaders().getFirst("Content-Length"));
            StreamingServer.reply(
                    exchange, 201, new String(exchange.getRequestBody().readAllBytes()));
        });

        ResponseEntity<String> got = restTemplate.getForEntity(server.url("/hello"), String.class);
        assertThat(got.getBody()).isEqualTo("hello GET");
        assertThat(got.getHeaders().getValuesAsList("X-Multi")).containsExactly("a", "b");

        ResponseEntity<String> posted = restTemplate.postForEntity(server.url("/echo"), "posted text", String.class);
        assertThat(posted.getStatusCode().value()).isEqualTo(201);
        assertThat(posted.getBody()).isEqualTo("posted text");
        assertThat(contentLength.get()).isEqualTo("11");
    }

    @Test
    void anErrorStatusReachesTheErrorHandlerAsAResponse() {
        server.handle("/broken", exchange -> StreamingServer.reply(exchange, 503, "try later"));
        AtomicReference<String> seen = new AtomicReference<>();
        restTemplate.setErrorHandler(new ResponseErrorHandler() {
            @Override
            public boolean hasError(ClientHttpResponse response) throws IOException {
                return response.getStatusCode().isError();
            }

            @Override
            public void handleError(java.net.URI url, HttpMethod method, ClientHttpResponse response)
                    throws IOException {
                seen.set(response.getStatusCode().value() + " "
                        + new String(response.getBody().readAllBytes()));
            }
        });
        restTemplate.getForEntity(server.url("/broken"), String.class);
        assertThat(seen.get()).isEqualTo("503 try later");
    }

    @Test
    void largeBodiesStreamBothWaysThroughExecute() throws Exception {
        int size = 32 * MIB;
        server.handle(
                "/crc",
                exchange -> StreamingServer.reply(
                        exchange, 200, Long.toHexString(RestClientStreamingTest.crc(exchange.getRequestBody()))));
        server.handle("/download", exchange -> {
            exchange.sendResponseHeaders(200, size);
            try (OutputStream out = exchange.getResponseBody()) {
                RestClientStreamingTest.writePattern(out, size);
            }
        });

        String uploaded = restTemplate.execute(
                server.url("/crc"),
                HttpMethod.POST,
                request -> RestClientStreamingTest.writePattern(request.getBody(), size),
                response -> new String(response.getBody().readAllBytes()));
        assertThat(uploaded).isEqualTo(Long.toHexString(RestClientStreamingTest.patternCrc(size)));

        Long downloaded = restTemplate.execute(
                server.url("/download"),
                HttpMethod.GET,
                null,
                response -> RestClientStreamingTest.crc(response.getBody()));
        assertThat(downloaded).isEqualTo(RestClientStreamingTest.patternCrc(size));
    }

    @Test
    void aRefusedConnectionIsAResourceAccessExceptionWithAConnectExceptionAtItsRoot() {
        Throwable error = catchThrowable(
                () -> restTemplate.getForObject("http://127.0.0.1:" + TestServer.closedPort() + "/", String.class));
        assertThat(error).isInstanceOf(ResourceAccessException.class);
        assertThat(NestedExceptionUtils.getRootCause(error)).isInstanceOf(ConnectException.class);
    }
}
