package dev.curlmulti.samples.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.loop.TransferTimings;
import dev.curlmulti.samples.LocalFileServer;
import dev.curlmulti.samples.boot.BootWebFluxApp;
import dev.curlmulti.spring.CurlClientHttpConnector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ClientHttpConnector;

/** Every example runs to completion against loopback servers. */
@Timeout(120)
class ExamplesTest {
    private final LocalFileServer server = new LocalFileServer();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void theWebSocketExampleEchoesAndCloses() {
        // WebSocket needs libcurl 8.14+ (bin/test's second libcurl); before, the example says what to install.
        if (!dev.curlmulti.core.CurlVersion.current().isAtLeast(8, 14, 0)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebSocketExample.run(null, out))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("bookworm-backports");
            return;
        }
        assertThat(WebSocketExample.run(null, out).code()).isEqualTo(1000);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("echo: message 5", "echo: 1048576 binary bytes");
    }

    @Test
    void theWebClientExampleReadsThroughLibcurl() {
        assertThat(WebClientExample.run(server.url(4096), out)).isEqualTo(4096);
    }

    @Test
    void theStreamingUploadArrivesWhole() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 512; i++) {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) i);
            digest.update(chunk);
        }
        assertThat(StreamingUploadExample.run(server.uploadUrl(), out))
                .isEqualTo((512L * 64 * 1024) + " " + HexFormat.of().formatHex(digest.digest()));
    }

    @Test
    void thePipelineHashesEveryBody() throws Exception {
        List<String> urls = java.util.stream.IntStream.range(0, 64)
                .mapToObj(i -> server.url(1000 + i * 997))
                .toList();
        Map<String, String> digests = PipelineExample.run(urls, out);
        assertThat(digests).hasSize(urls.size());
        for (String url : urls) {
            int size = Integer.parseInt(url.substring(url.lastIndexOf('/') + 1));
            String expected = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(LocalFileServer.content(size)));
            assertThat(digests.get(url)).isEqualTo(expected);
        }
    }

    @Test
    void theTimingsExamplePrintsEveryPhase() {
        TransferTimings timings = TimingsExample.run(server.url(1 << 20), out);
        assertThat(timings.total())
                .isGreaterThanOrEqualTo(timings.startTransfer())
                .isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("DNS", "TCP connect", "server wait", "total");
    }

    @Test
    void theBootAppsWebClientRunsOnLibcurl() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(BootWebFluxApp.class)
                .properties("server.port=0", "server.address=127.0.0.1")
                .run()) {
            assertThat(app.getBean(ClientHttpConnector.class)).isInstanceOf(CurlClientHttpConnector.class);
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/size?url=" + server.url(12345)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(server.url(12345) + " 12345 bytes");
        }
    }

    @Test
    void theBootClientsAppsRestClientAndWebClientRunOnLibcurl() throws Exception {
        try (okhttp3.mockwebserver.MockWebServer recording = new okhttp3.mockwebserver.MockWebServer()) {
            recording.enqueue(new okhttp3.mockwebserver.MockResponse().setBody("x".repeat(1234)));
            recording.enqueue(new okhttp3.mockwebserver.MockResponse().setBody("y".repeat(4321)));
            recording.start(java.net.InetAddress.getLoopbackAddress(), 0);
            String url = recording.url("/page").toString();
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(
                            dev.curlmulti.samples.bootclients.BootClientsApp.class)
                    .web(org.springframework.boot.WebApplicationType.NONE)
                    .run()) {
                dev.curlmulti.samples.bootclients.BootClientsApp.fetch(
                        List.of(url),
                        app.getBean(org.springframework.web.client.RestClient.Builder.class)
                                .build(),
                        app.getBean(org.springframework.web.reactive.function.client.WebClient.Builder.class)
                                .build(),
                        out);
                dev.curlmulti.samples.bootclients.BootClientsApp.printMeters(
                        app.getBean(io.micrometer.core.instrument.MeterRegistry.class), out);
            }
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("RestClient " + url + ": 1,234 bytes", "WebClient  " + url + ": 4,321 bytes")
                    .contains("curl.client.requests GET "
                            + recording.getHostName().toLowerCase() + " 200: 2,")
                    .contains("curl.client.connect.time");
            // libcurl's User-Agent (the client's default): both went through libcurl.
            assertThat(recording.takeRequest().getHeader("User-Agent")).startsWith("curl-multi-jvm");
            assertThat(recording.takeRequest().getHeader("User-Agent")).startsWith("curl-multi-jvm");
        }
    }
}
