package dev.curlmulti.nativeit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlTlsException;
import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.testing.Caddy;
import dev.curlmulti.core.testing.PythonWebSocketServer;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import dev.curlmulti.reactor.HttpVersion;
import dev.curlmulti.reactor.websocket.WebSocketMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * With {@code multi-native-linux-x86_64} on the class path and no flags (no
 * {@code -Ddev.curlmulti.libcurl}, no {@code LD_LIBRARY_PATH}), multi-core loads the bundled libcurl:
 * the newest curl with HTTP/3, WebSocket and c-ares, whatever the machine's own libcurl is. It opens a
 * WebSocket session (python3-websockets), makes an HTTP/3 request to caddy, and verifies TLS against
 * the system's CA bundle unless the application names its own trust.
 */
@Timeout(120)
class BundledLibcurlTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Caddy caddy;
    private static PythonWebSocketServer webSockets;

    @BeforeAll
    static void start() throws Exception {
        caddy = new Caddy(0, true);
        Files.writeString(caddy.www().resolve("hello.txt"), "hello over QUIC");
        webSockets = PythonWebSocketServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (caddy != null) {
            caddy.close();
        }
        if (webSockets != null) {
            webSockets.close();
        }
    }

    @Test
    void theBundledLibcurlIsLoadedWithEverythingItWasBuiltWith() {
        CurlVersion version = CurlVersion.current();
        assertThat(version.bundled())
                .as("loaded from the class path: %s", version.file())
                .isTrue();
        assertThat(version.file()).contains("curl-multi");
        assertThat(version.isAtLeast(8, 22, 0)).as(version.version()).isTrue();
        assertThat(version.sslVersion()).startsWith("OpenSSL/3.");
        assertThat(version.features())
                .contains(
                        "HTTP2",
                        "HTTP3",
                        "AsynchDNS",
                        "brotli",
                        "zstd",
                        "libz",
                        "IPv6",
                        "alt-svc",
                        "HSTS",
                        "HTTPS-proxy",
                        "threadsafe");
        assertThat(version.protocols()).contains("http", "https", "ws", "wss");
    }

    @Test
    void aWebSocketSessionEchoes() {
        try (CurlClient client = CurlClient.builder().loops(1).build()) {
            List<WebSocketMessage> echoed = client.websocket(webSockets.url("/echo"))
                    .flatMapMany(ws -> ws.send(Flux.just(
                                    WebSocketMessage.text("bundled"), WebSocketMessage.binary(new byte[] {4, 5, 6})))
                            .thenMany(ws.receive().take(2))
                            .concatWith(ws.close().then(Mono.empty())))
                    .collectList()
                    .block(WAIT);
            assertThat(echoed)
                    .containsExactly(WebSocketMessage.text("bundled"), WebSocketMessage.binary(new byte[] {4, 5, 6}));
        }
    }

    @Test
    void anHttp3RequestReachesCaddy() {
        try (CurlClient client = CurlClient.builder()
                .httpVersion(HttpVersion.HTTP_3_ONLY)
                .caFile(caddy.rootCertificate())
                .loops(1)
                .build()) {
            CurlResponse response = client.get(caddy.url("/hello.txt")).block(WAIT);
            assertThat(response.httpVersion()).isEqualTo("HTTP/3");
            assertThat(response.bodyAsString().block(WAIT)).isEqualTo("hello over QUIC");
        }
    }

    @Test
    void theSystemsCaBundleVerifiesByDefaultAndATrustStoreGivenToTlsConfigReplacesIt() throws Exception {
        // caddy's local CA is in no system bundle: with the default trust the handshake must fail...
        try (CurlClient client = CurlClient.builder().loops(1).build()) {
            // (CurlException is checked: block() wraps it.)
            assertThatThrownBy(() -> client.get(caddy.url("/hello.txt")).block(WAIT))
                    .cause()
                    .isInstanceOf(CurlTlsException.class)
                    .satisfies(e -> assertThat(((CurlException) e).code()).isEqualTo(60))
                    .hasMessageContaining("unable to get local issuer certificate");
        }
        // ...and a JDK trust store holding it, handed to TlsConfig, is what libcurl verifies against.
        KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
        trustStore.load(null, null);
        try (InputStream pem = Files.newInputStream(caddy.rootCertificate())) {
            X509Certificate root =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
            trustStore.setCertificateEntry("caddy-local-root", root);
        }
        try (CurlClient client = CurlClient.builder()
                .loops(1)
                .tls(tls -> tls.withTrustedCertificates(trustStore))
                .build()) {
            CurlResponse response = client.get(caddy.url("/hello.txt")).block(WAIT);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyAsString().block(WAIT)).isEqualTo("hello over QUIC");
        }
    }
}
