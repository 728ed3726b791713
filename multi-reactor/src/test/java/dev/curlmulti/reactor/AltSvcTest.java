package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.Caddy;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alt-Svc against caddy, which serves HTTP/1.1, HTTP/2 and HTTP/3 on one port and advertises
 * {@code h3} on its https responses. With a libcurl that has HTTP/3 (the bundled one), a client starts
 * on HTTP/2 and moves to HTTP/3; without (7.88.1), it learns the same and stays on HTTP/2. Connections
 * are not reused ({@code FORBID_REUSE}): libcurl consults alt-svc only for a new connection.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class AltSvcTest {
    private static Caddy caddy;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        caddy = new Caddy(0, true);
        Files.writeString(caddy.www().resolve("hello.txt"), "hello");
    }

    @AfterAll
    static void stop() {
        if (caddy != null) {
            caddy.close();
        }
    }

    private static boolean http3() {
        boolean has = CurlVersion.current().hasFeature("HTTP3");
        if ("required".equals(System.getProperty("dev.curlmulti.test.http3"))) {
            assertThat(has).as("this run must have a libcurl with HTTP/3").isTrue();
        }
        return has;
    }

    private static CurlClient client(AltSvcCache cache) {
        return CurlClient.builder()
                .altSvc(cache)
                .caFile(caddy.rootCertificate())
                .option(CurlOpt.FORBID_REUSE, true)
                .loops(1)
                .build();
    }

    private static String versionOf(CurlClient client) {
        CurlResponse response = client.get(caddy.url("/hello.txt")).block(Duration.ofSeconds(20));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyAsString().block(Duration.ofSeconds(10))).isEqualTo("hello");
        return response.httpVersion();
    }

    private static void awaitAdvertised(Path file) {
        String wanted = "h3 localhost " + caddy.port();
        Await.until(Duration.ofSeconds(10), () -> read(file).contains(wanted), "the h3 alternative in " + file);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theFirstRequestGoesOverHttp2AndALaterOneOverHttp3OnceCaddyAdvertisedIt() {
        assumeTrue(http3(), "the loaded libcurl has no HTTP/3");
        AltSvcCache cache = AltSvcCache.file(dir.resolve("alt-svc.txt"));
        try (CurlClient client = client(cache)) {
            assertThat(versionOf(client)).isEqualTo("HTTP/2");
            awaitAdvertised(cache.file());
            assertThat(versionOf(client)).isEqualTo("HTTP/3");
        }
        try (CurlClient other = client(cache)) {
            assertThat(versionOf(other))
                    .as("another client's handles, fed by the cache")
                    .isEqualTo("HTTP/3");
        }
    }

    @Test
    void aNewClientReadsTheFileAndStartsOnHttp3() {
        assumeTrue(http3(), "the loaded libcurl has no HTTP/3");
        Path file = dir.resolve("kept.txt");
        try (CurlClient first = client(AltSvcCache.file(file))) {
            assertThat(versionOf(first)).isEqualTo("HTTP/2");
        }
        awaitAdvertised(file);
        AltSvcCache reloaded = AltSvcCache.file(file);
        assertThat(reloaded.alternatives())
                .anySatisfy(a ->
                        assertThat(a.protocol() + " " + a.alternativePort()).isEqualTo("h3 " + caddy.port()));
        try (CurlClient second = client(reloaded)) {
            assertThat(versionOf(second)).isEqualTo("HTTP/3");
        }
    }

    @Test
    void withoutHttp3TheClientLearnsTheSameAndStaysOnHttp2() {
        assumeTrue(!CurlVersion.current().hasFeature("HTTP3"), "this libcurl has HTTP/3 (the tests above cover it)");
        AltSvcCache cache = AltSvcCache.inMemory();
        try (CurlClient client = client(cache)) {
            assertThat(versionOf(client)).isEqualTo("HTTP/2");
            awaitAdvertised(cache.file());
            assertThat(versionOf(client)).isEqualTo("HTTP/2");
        }
        assertThat(cache.alternatives())
                .extracting(AltSvcCache.Alternative::protocol)
                .contains("h3");
    }
}
