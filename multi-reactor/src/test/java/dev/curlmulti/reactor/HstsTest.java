package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HSTS against a TLS MockWebServer on {@code localhost}: an https response with
 * {@code Strict-Transport-Security} makes a later {@code http://} URL to the same host and port go
 * over TLS, for every client reading the cache (each with its own handles), and from the file for a
 * client made later. Were the URL sent as plain http, the TLS server would refuse it.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class HstsTest {
    private static final TestCertificates CERTIFICATES = new TestCertificates();

    private final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private void startTls() throws IOException {
        server.useHttps(CERTIFICATES.serverHandshake().sslSocketFactory(), false);
        server.start();
    }

    private CurlClient client(HstsCache cache) {
        return CurlClient.builder()
                .hsts(cache)
                .caFile(CERTIFICATES.written(dir).caPem())
                .loops(1)
                .build();
    }

    private static String body(CurlClient client, String url) {
        return client.get(url).flatMap(CurlResponse::bodyAsString).block(Duration.ofSeconds(10));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anHttpsResponseWithStsSendsLaterHttpUrlsToHttpsForEveryClientOfTheCacheAndFromTheFile() throws Exception {
        startTls();
        server.enqueue(new MockResponse()
                .setHeader("Strict-Transport-Security", "max-age=3600")
                .setBody("first"));
        server.enqueue(new MockResponse().setBody("upgraded"));
        server.enqueue(new MockResponse().setBody("upgraded again"));
        Path file = dir.resolve("hsts.txt");
        HstsCache cache = HstsCache.file(file);
        String https = "https://localhost:" + server.getPort() + "/";
        String http = "http://localhost:" + server.getPort() + "/later";
        try (CurlClient learner = client(cache)) {
            assertThat(body(learner, https)).isEqualTo("first");
        }
        Await.until(Duration.ofSeconds(10), () -> read(file).contains("localhost \""), "localhost in " + file);
        assertThat(cache.entries()).extracting(HstsCache.Entry::host).containsExactly("localhost");
        try (CurlClient other = client(cache)) {
            assertThat(body(other, http)).isEqualTo("upgraded");
        }
        try (CurlClient later = client(HstsCache.file(file))) {
            assertThat(body(later, http)).isEqualTo("upgraded again");
        }
        server.takeRequest();
        assertThat(server.takeRequest().getRequestUrl().scheme()).isEqualTo("https");
    }

    @Test
    void stsOverPlainHttpIsIgnored() throws Exception {
        server.enqueue(new MockResponse()
                .setHeader("Strict-Transport-Security", "max-age=3600")
                .setBody("plain"));
        server.start();
        HstsCache cache = HstsCache.inMemory();
        try (CurlClient client = client(cache)) {
            assertThat(body(client, server.url("/").toString())).isEqualTo("plain");
        }
        assertThat(cache.entries()).isEmpty();
    }
}
