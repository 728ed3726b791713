package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlTlsException;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.TlsVersion;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/**
 * TLS material handed to libcurl from memory ({@link TlsConfig}): trust anchors and a client
 * certificate from PEM text or a {@link java.security.KeyStore}, against a real HTTPS server (one
 * that requires a client certificate where it matters), plus versions and cipher suites by the
 * names Java uses.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class TlsFromMemoryTest {
    private static final char[] PASSWORD = "store secret".toCharArray();

    private final TestCertificates certificates = new TestCertificates();
    private final MockWebServer server = new MockWebServer();

    @AfterEach
    void tearDown() throws Exception {
        server.shutdown();
    }

    private String start(boolean requireClientCertificate) throws Exception {
        server.useHttps(certificates.serverHandshakeTrustingClients().sslSocketFactory(), false);
        if (requireClientCertificate) {
            server.requireClientAuth();
        }
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse().setBody("secret"));
        }
        server.start();
        return "https://localhost:" + server.getPort() + "/";
    }

    private static String body(CurlClient client, String url) {
        return client.get(url).flatMap(CurlResponse::bodyAsString).block(Duration.ofSeconds(10));
    }

    @Test
    void trustFromPemTextMakesTheServerTrusted() throws Exception {
        String url = start(false);
        try (CurlClient client = CurlClient.builder()
                .tls(t -> t.withTrustedCertificates(certificates.caPem()))
                .build()) {
            assertThat(body(client, url)).isEqualTo("secret");
        }
    }

    @Test
    void trustFromAKeyStoreMakesTheServerTrusted() throws Exception {
        String url = start(false);
        try (CurlClient client = CurlClient.builder()
                .tls(t -> t.withTrustedCertificates(certificates.trustStore()))
                .build()) {
            assertThat(body(client, url)).isEqualTo("secret");
        }
    }

    @Test
    void trustInMemoryForAnotherCaRefusesTheServer() throws Exception {
        String url = start(false);
        String otherCa = new TestCertificates().caPem();
        try (CurlClient client = CurlClient.builder()
                .tls(t -> t.withTrustedCertificates(otherCa))
                .build()) {
            StepVerifier.create(client.get(url))
                    .expectError(CurlTlsException.class)
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aClientCertificateFromPemTextIsAcceptedWhereOneIsRequired() throws Exception {
        String url = start(true);
        String[] client = certificates.clientPem();
        try (CurlClient withCert = CurlClient.builder()
                .tls(t -> t.withTrustedCertificates(certificates.caPem())
                        .withClientCertificate(client[0], client[1], null))
                .build()) {
            assertThat(body(withCert, url)).isEqualTo("secret");
        }
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHandshake().peerCertificates())
                .hasSize(2);
        try (CurlClient without = CurlClient.builder()
                .tls(t -> t.withTrustedCertificates(certificates.caPem()))
                .build()) {
            StepVerifier.create(without.get(url).flatMap(CurlResponse::bodyAsString))
                    .expectError(CurlException.class)
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aClientCertificateFromAKeyStoreIsAcceptedWhereOneIsRequired() throws Exception {
        String url = start(true);
        try (CurlClient client = CurlClient.builder()
                .tls(t -> t.withTrustedCertificates(certificates.trustStore())
                        .withClientCertificate(certificates.clientKeyStore("client", PASSWORD), "client", PASSWORD))
                .build()) {
            assertThat(body(client, url)).isEqualTo("secret");
        }
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getHandshake().peerPrincipal().getName()).contains("curl-multi test client");
    }

    @Test
    void versionsAndCipherSuitesByTheirJavaNamesAreWhatTheHandshakeUses() throws Exception {
        String url = start(false);
        String suite = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        try (CurlClient client = CurlClient.builder()
                .tls(t -> t.withTrustedCertificates(certificates.caPem())
                        .withVersions(
                                dev.curlmulti.reactor.TlsVersion.TLS_1_2, dev.curlmulti.reactor.TlsVersion.TLS_1_2)
                        .withCiphers(List.of(suite)))
                .build()) {
            assertThat(body(client, url)).isEqualTo("secret");
        }
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getTlsVersion()).isEqualTo(TlsVersion.TLS_1_2);
        assertThat(request.getHandshake().cipherSuite().javaName()).isEqualTo(suite);
    }

    @Test
    void badMaterialIsRefusedWhenGivenWithAClearMessage() {
        assertThatThrownBy(() -> TlsConfig.DEFAULT.withTrustedCertificates("not a certificate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BEGIN CERTIFICATE");
        assertThatThrownBy(() -> TlsConfig.DEFAULT.withCiphers(List.of("TLS_KRB5_WITH_RC4_128_SHA")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS_KRB5_WITH_RC4_128_SHA");
        assertThatThrownBy(() -> TlsConfig.DEFAULT.withClientCertificate(
                        certificates.clientKeyStore("a", PASSWORD), "b", PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'b'");
        assertThatThrownBy(() -> TlsConfig.DEFAULT.withVersions(
                        dev.curlmulti.reactor.TlsVersion.TLS_1_3, dev.curlmulti.reactor.TlsVersion.TLS_1_2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TlsConfig.DEFAULT
                        .withClientCertificate(
                                certificates.clientPem()[0], certificates.clientPem()[1], "pw")
                        .toString())
                .doesNotContain("PRIVATE KEY")
                .doesNotContain("pw");
    }
}
