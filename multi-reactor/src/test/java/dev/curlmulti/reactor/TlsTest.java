package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlTlsException;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** TLS settings against an HTTPS server whose CA the test generates. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class TlsTest {
    private final TestCertificates certificates = new TestCertificates();
    private final MockWebServer server = new MockWebServer();
    private Path dir;
    private TestCertificates.Files pem;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("tls-test");
        pem = certificates.written(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.shutdown();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private String start(javax.net.ssl.SSLSocketFactory factory) throws Exception {
        server.useHttps(factory, false);
        server.enqueue(new MockResponse().setBody("secret"));
        server.start();
        return "https://localhost:" + server.getPort() + "/";
    }

    private String body(CurlClient client, String url) {
        return client.get(url).flatMap(CurlResponse::bodyAsString).block(Duration.ofSeconds(10));
    }

    @Test
    void verificationIsOnByDefaultSoAnUnknownCaIsRefused() throws Exception {
        String url = start(certificates.serverHandshake().sslSocketFactory());
        try (CurlClient client = CurlClient.create()) {
            StepVerifier.create(client.get(url))
                    .expectError(CurlTlsException.class)
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aCaFileMakesTheServerTrusted() throws Exception {
        String url = start(certificates.serverHandshake().sslSocketFactory());
        try (CurlClient client = CurlClient.builder().caFile(pem.caPem()).build()) {
            assertThat(body(client, url)).isEqualTo("secret");
        }
    }

    @Test
    void aHashedCaDirectoryMakesTheServerTrusted() throws Exception {
        String url = start(certificates.serverHandshake().sslSocketFactory());
        Process hash = new ProcessBuilder(
                        "openssl", "x509", "-hash", "-noout", "-in", pem.caPem().toString())
                .start();
        String name = new String(hash.getInputStream().readAllBytes()).trim();
        assertThat(hash.waitFor())
                .as("openssl x509 -hash (installed by bin/ensure-prerequisites)")
                .isZero();
        Path caDir = Files.createDirectories(dir.resolve("cadir"));
        Files.copy(pem.caPem(), caDir.resolve(name + ".0"));
        // The system bundle does not know the test CA (see the default-verification test); the
        // hashed directory added through CAPATH does.
        try (CurlClient client = CurlClient.builder().caPath(caDir).build()) {
            assertThat(body(client, url)).isEqualTo("secret");
        }
    }

    @Test
    void anHttpsProxyIsReachedOverTlsWithTheConfiguredCa() throws Exception {
        server.useHttps(certificates.serverHandshake().sslSocketFactory(), false);
        server.enqueue(new MockResponse().setBody("through a TLS proxy"));
        server.start();
        try (CurlClient client = CurlClient.builder()
                .caFile(pem.caPem())
                .proxy(ProxyConfig.of("https://localhost:" + server.getPort()))
                .build()) {
            assertThat(body(client, "http://origin.test/page")).isEqualTo("through a TLS proxy");
        }
        assertThat(server.takeRequest().getRequestLine()).isEqualTo("GET http://origin.test/page HTTP/1.1");
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() throws Exception {
        String url = start(certificates.serverHandshake().sslSocketFactory());
        String wrongName = url.replace("localhost", "wrong-name.test");
        try (CurlClient client = CurlClient.builder()
                .caFile(pem.caPem())
                .resolve("wrong-name.test", server.getPort(), "127.0.0.1")
                .build()) {
            StepVerifier.create(client.get(wrongName))
                    .expectError(CurlTlsException.class)
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void skippingVerificationIsAnExplicitChoiceThatWorks() throws Exception {
        String url = start(certificates.serverHandshake().sslSocketFactory());
        try (CurlClient client =
                CurlClient.builder().insecureSkipTlsVerification().build()) {
            assertThat(body(client, url)).isEqualTo("secret");
        }
    }

    @Test
    void aServerThatRequiresAClientCertificateAcceptsOursAndRefusesNone() throws Exception {
        server.requireClientAuth();
        String url = start(certificates.serverHandshakeTrustingClients().sslSocketFactory());
        server.enqueue(new MockResponse().setBody("second"));
        TestCertificates.Files clientPem = certificates.writtenClient(dir);
        try (CurlClient withCert = CurlClient.builder()
                .caFile(pem.caPem())
                .clientCertificate(clientPem.certificatePem(), clientPem.privateKeyPem(), null)
                .build()) {
            assertThat(body(withCert, url)).isEqualTo("secret");
        }
        try (CurlClient without = CurlClient.builder().caFile(pem.caPem()).build()) {
            StepVerifier.create(without.get(url).flatMap(CurlResponse::bodyAsString))
                    .expectError(CurlException.class)
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aPinnedKeyMustMatch() throws Exception {
        String url = start(certificates.serverHandshake().sslSocketFactory());
        server.enqueue(new MockResponse().setBody("again"));
        try (CurlClient pinned = CurlClient.builder()
                .caFile(pem.caPem())
                .pinnedPublicKey(certificates.serverPin())
                .build()) {
            assertThat(body(pinned, url)).isEqualTo("secret");
        }
        try (CurlClient wrong = CurlClient.builder()
                .caFile(pem.caPem())
                .pinnedPublicKey("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
                .build()) {
            StepVerifier.create(wrong.get(url))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(CurlTlsException.class);
                        assertThat(((CurlException) e).codeName()).isEqualTo("CURLE_SSL_PINNEDPUBKEYNOTMATCH");
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aMinimumTlsVersionRefusesOlderServers() throws Exception {
        String url = start(new TlsVersionLimitedSocketFactory(
                certificates.serverHandshake().sslSocketFactory(), "TLSv1.2"));
        server.enqueue(new MockResponse().setBody("again"));
        try (CurlClient tls12 = CurlClient.builder()
                .caFile(pem.caPem())
                .minTlsVersion(TlsVersion.TLS_1_2)
                .build()) {
            assertThat(body(tls12, url)).isEqualTo("secret");
        }
        try (CurlClient tls13 = CurlClient.builder()
                .caFile(pem.caPem())
                .minTlsVersion(TlsVersion.TLS_1_3)
                .build()) {
            StepVerifier.create(tls13.get(url))
                    .expectError(CurlTlsException.class)
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void httpVersionsAreNegotiatedAsConfigured() throws Exception {
        server.setProtocols(java.util.List.of(okhttp3.Protocol.HTTP_2, okhttp3.Protocol.HTTP_1_1));
        String url = start(certificates.serverHandshake().sslSocketFactory());
        server.enqueue(new MockResponse().setBody("two"));
        try (CurlClient h2 = CurlClient.builder().caFile(pem.caPem()).build()) {
            CurlResponse response = h2.get(url).block(Duration.ofSeconds(10));
            assertThat(response.httpVersion()).isEqualTo("HTTP/2");
            response.discardBody();
        }
        try (CurlClient h1 = CurlClient.builder()
                .caFile(pem.caPem())
                .httpVersion(HttpVersion.HTTP_1_1)
                .build()) {
            CurlResponse response = h1.get(url).block(Duration.ofSeconds(10));
            assertThat(response.httpVersion()).isEqualTo("HTTP/1.1");
            response.discardBody();
        }
    }
}
