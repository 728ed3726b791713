package dev.curlmulti.core.internal;

import dev.curlmulti.core.LibcurlOrigin;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's CA bundle, for the bundled libcurl: it is built with no compiled-in CA bundle
 * and its OpenSSL's default paths point nowhere, so without this every certificate check would
 * fail. The system and property-chosen libcurls keep their own defaults and get nothing from here.
 *
 * <p>The file is the first readable one of {@code $SSL_CERT_FILE} (honoured first, as OpenSSL
 * does) and the paths distributions use ({@link #CANDIDATES}); looked up once per JVM. When none
 * exists a warning is logged once, and a certificate failure's {@code CurlException} message ends
 * with {@link #hintFor a hint}. Thread-safe: the lookup is synchronized, the result immutable.
 */
public final class SystemCaBundle {
    /** Where distributions keep the bundle, most common first. */
    static final List<Path> CANDIDATES = List.of(
            Path.of("/etc/ssl/certs/ca-certificates.crt"), // Debian, Ubuntu, Arch, Gentoo
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"), // Fedora, RHEL
            Path.of("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"), // RHEL 7+, CentOS
            Path.of("/etc/ssl/ca-bundle.pem"), // openSUSE
            Path.of("/etc/ssl/cert.pem"), // Alpine, macOS
            Path.of("/etc/pki/tls/cacert.pem")); // OpenELEC

    private static final Logger LOG = LoggerFactory.getLogger(NativeBinding.class);
    private static final int PEER_FAILED_VERIFICATION = 60;
    private static final int SSL_CACERT_BADFILE = 77;

    private static boolean looked;
    private static String found;
    /** Appended to certificate failures' messages; empty unless the bundled libcurl found no bundle. */
    private static volatile String missingHint = "";

    private SystemCaBundle() {}

    /**
     * The CA bundle every easy handle gets for a libcurl of this origin: for {@link LibcurlOrigin#BUNDLED}
     * the system's (looked up on the first call), else null (that libcurl uses its own default).
     *
     * @return the file's path, or null
     */
    public static synchronized String forOrigin(LibcurlOrigin origin) {
        if (origin != LibcurlOrigin.BUNDLED) {
            return null;
        }
        if (!looked) {
            looked = true;
            List<Path> searched = searchOrder(System.getenv("SSL_CERT_FILE"), CANDIDATES);
            found = find(searched).map(Path::toString).orElse(null);
            if (found == null) {
                missingHint = missingText(searched);
                LOG.warn(
                        "curl-multi: the bundled libcurl found no system CA bundle (looked in {}): every TLS "
                                + "certificate check will fail. Install ca-certificates, set SSL_CERT_FILE, or give a "
                                + "client its CAs (TlsConfig.withCaFile/withTrustedCertificates, CURLOPT_CAINFO)",
                        joined(searched));
            }
        }
        return found;
    }

    /** {@code $SSL_CERT_FILE} (when set) before the distribution paths. */
    static List<Path> searchOrder(String sslCertFile, List<Path> candidates) {
        List<Path> order = new ArrayList<>();
        if (sslCertFile != null && !sslCertFile.isBlank()) {
            try {
                order.add(Path.of(sslCertFile.trim()));
            } catch (InvalidPathException e) {
                // not a path this system can have: nothing to look at
            }
        }
        order.addAll(candidates);
        return order;
    }

    /** The first regular, readable file among {@code paths}. */
    static Optional<Path> find(List<Path> paths) {
        return paths.stream()
                .filter(path -> Files.isRegularFile(path) && Files.isReadable(path))
                .findFirst();
    }

    /**
     * What a certificate failure's message ends with: the hint when the bundled libcurl is loaded
     * without a CA bundle and {@code code} is {@code CURLE_PEER_FAILED_VERIFICATION} (60) or
     * {@code CURLE_SSL_CACERT_BADFILE} (77), else the empty string. Never loads libcurl.
     */
    public static String hintFor(int code) {
        return code == PEER_FAILED_VERIFICATION || code == SSL_CACERT_BADFILE ? missingHint : "";
    }

    /** The hint's text, starting with {@code "; "} so it reads as the end of libcurl's message. */
    static String missingText(List<Path> searched) {
        return "; the bundled libcurl found no system CA bundle (looked in " + joined(searched)
                + "): install ca-certificates, or set one with TlsConfig.withCaFile/withTrustedCertificates "
                + "(CURLOPT_CAINFO)";
    }

    private static String joined(List<Path> paths) {
        return String.join(", ", paths.stream().map(Path::toString).toList());
    }

    /** For tests: what {@link #forOrigin} records when it finds nothing, without a lookup. */
    static void recordMissing(List<Path> searched) {
        missingHint = searched == null ? "" : missingText(searched);
    }
}
