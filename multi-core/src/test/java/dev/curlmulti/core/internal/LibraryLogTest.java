package dev.curlmulti.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.LibcurlOrigin;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One line says which libcurl runs: version, TLS, key features, origin, file and (bundled) CA bundle. */
class LibraryLogTest {
    private static final Set<String> FEATURES =
            Set.of("IPv6", "SSL", "libz", "AsynchDNS", "HTTP2", "HTTP3", "zstd", "brotli", "NTLM", "Largefile");

    @Test
    void theBundledLibraryIsDescribedWithItsCaBundle() {
        LibraryInfo info = new LibraryInfo(
                "8.22.0",
                0x081600,
                "x86_64-pc-linux-gnu",
                "OpenSSL/3.6.3",
                "1.3.1",
                FEATURES,
                List.of("http", "https", "ws", "wss"),
                "/cache/abc/libcurl.so",
                LibcurlOrigin.BUNDLED,
                Map.of("curl.version", "8.22.0"),
                "/etc/ssl/certs/ca-certificates.crt");
        assertThat(LibraryLog.describe(info, "FFM (Java 25)"))
                .isEqualTo("libcurl 8.22.0 (OpenSSL/3.6.3; HTTP2 HTTP3 "
                        + "AsynchDNS brotli zstd libz ws) bundled /cache/abc/libcurl.so, CA bundle "
                        + "/etc/ssl/certs/ca-certificates.crt, binding FFM (Java 25)");
    }

    @Test
    void theSystemsLibraryIsDescribedWithoutACaBundle() {
        LibraryInfo info = new LibraryInfo(
                "7.88.1",
                0x075801,
                "x86_64-pc-linux-gnu",
                "OpenSSL/3.0.19",
                "1.2.13",
                Set.of("HTTP2", "IPv6"),
                List.of("http"),
                "/usr/lib/x86_64-linux-gnu/libcurl.so.4",
                LibcurlOrigin.SYSTEM,
                Map.of(),
                null);
        assertThat(LibraryLog.describe(info, "JNA 5.18.1"))
                .isEqualTo("libcurl 7.88.1 (OpenSSL/3.0.19; HTTP2) system "
                        + "/usr/lib/x86_64-linux-gnu/libcurl.so.4, binding JNA 5.18.1");
    }

    @Test
    void aBundledLibraryWithoutCaBundleSaysSo() {
        LibraryInfo info = new LibraryInfo(
                "8.22.0",
                0x081600,
                "x86_64-pc-linux-gnu",
                null,
                null,
                Set.of(),
                List.of(),
                "/cache/abc/libcurl.so",
                LibcurlOrigin.BUNDLED,
                Map.of(),
                null);
        assertThat(LibraryLog.describe(info, "JNA 5.18.1"))
                .isEqualTo("libcurl 8.22.0 (no TLS) bundled "
                        + "/cache/abc/libcurl.so, CA bundle none found, binding JNA 5.18.1");
    }
}
