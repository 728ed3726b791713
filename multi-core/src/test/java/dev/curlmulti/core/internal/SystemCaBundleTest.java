package dev.curlmulti.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.LibcurlOrigin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled libcurl's CA bundle: the first one that exists, and a hint when there is none. */
class SystemCaBundleTest {
    @TempDir
    Path temp;

    @AfterEach
    void forgetTheRecordedHint() {
        SystemCaBundle.recordMissing(null);
    }

    @Test
    void theFirstExistingReadableFileIsChosen() throws IOException {
        Path debian = temp.resolve("etc/ssl/certs/ca-certificates.crt");
        Path fedora = Files.createDirectories(temp.resolve("etc/pki/tls/certs")).resolve("ca-bundle.crt");
        Path alpine = temp.resolve("etc/ssl/cert.pem");
        Files.writeString(fedora, "-----BEGIN CERTIFICATE-----\n");
        Files.createDirectories(alpine); // a directory where a file should be is skipped
        assertThat(SystemCaBundle.find(List.of(debian, alpine, fedora))).contains(fedora);
        assertThat(SystemCaBundle.find(List.of(debian, alpine))).isEmpty();
    }

    @Test
    void sslCertFileIsLookedAtFirstAsOpenSslDoes() throws IOException {
        Path own = Files.writeString(temp.resolve("own.pem"), "pem");
        Path distribution = Files.writeString(temp.resolve("distribution.pem"), "pem");
        assertThat(SystemCaBundle.find(SystemCaBundle.searchOrder(own.toString(), List.of(distribution))))
                .contains(own);
        assertThat(SystemCaBundle.find(
                        SystemCaBundle.searchOrder(temp.resolve("missing.pem").toString(), List.of(distribution))))
                .as("a SSL_CERT_FILE that does not exist is passed over")
                .contains(distribution);
        assertThat(SystemCaBundle.searchOrder(null, List.of(distribution))).containsExactly(distribution);
        assertThat(SystemCaBundle.searchOrder("", List.of(distribution))).containsExactly(distribution);
    }

    @Test
    void theDistributionPathsAreLookedInWithDebiansFirst() {
        assertThat(SystemCaBundle.CANDIDATES).first().hasToString("/etc/ssl/certs/ca-certificates.crt");
        assertThat(SystemCaBundle.CANDIDATES)
                .extracting(Path::toString)
                .contains(
                        "/etc/pki/tls/certs/ca-bundle.crt",
                        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
                        "/etc/ssl/ca-bundle.pem",
                        "/etc/ssl/cert.pem",
                        "/etc/pki/tls/cacert.pem");
    }

    @Test
    void theSystemsAndThePropertysLibcurlGetNoCaBundle() {
        assertThat(SystemCaBundle.forOrigin(LibcurlOrigin.SYSTEM)).isNull();
        assertThat(SystemCaBundle.forOrigin(LibcurlOrigin.PROPERTY)).isNull();
    }

    @Test
    void withoutABundleCertificateFailuresEndWithAHintAndOtherFailuresDoNot() {
        assertThat(CurlException.of(60, "SSL certificate problem").getMessage())
                .isEqualTo("CURLE_PEER_FAILED_VERIFICATION (60): SSL certificate problem");
        SystemCaBundle.recordMissing(
                List.of(Path.of("/etc/ssl/certs/ca-certificates.crt"), Path.of("/etc/ssl/cert.pem")));
        String hint = "; the bundled libcurl found no system CA bundle (looked in /etc/ssl/certs/ca-certificates.crt, "
                + "/etc/ssl/cert.pem): install ca-certificates, or set one with "
                + "TlsConfig.withCaFile/withTrustedCertificates (CURLOPT_CAINFO)";
        assertThat(CurlException.of(60, "SSL certificate problem: unable to get local issuer certificate")
                        .getMessage())
                .endsWith("unable to get local issuer certificate" + hint);
        CurlException badFile = CurlException.of(77, "error setting certificate file");
        assertThat(badFile.getMessage()).endsWith(hint);
        assertThat(badFile.errorText())
                .as("libcurl's own text stays as it was")
                .isEqualTo("error setting certificate file");
        assertThat(CurlException.of(7, "Failed to connect").getMessage()).doesNotContain("CA bundle");
        assertThat(CurlException.of(35, "handshake failed").getMessage()).doesNotContain("CA bundle");
    }
}
