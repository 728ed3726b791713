package dev.curlmulti.core.internal;

import dev.curlmulti.core.LibcurlOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one INFO line logged when a binding has loaded libcurl: version, TLS library, the features
 * that change how transfers behave, where the library came from and, for the bundled one, its CA
 * bundle. Stateless.
 */
public final class LibraryLog {
    /** Features worth a line in a support ticket, in {@code curl -V}'s spelling. */
    private static final List<String> KEY_FEATURES =
            List.of("HTTP2", "HTTP3", "AsynchDNS", "brotli", "zstd", "libz", "IDN", "PSL", "HTTPS-proxy", "threadsafe");

    private static final Logger LOG = LoggerFactory.getLogger(NativeBinding.class);

    private LibraryLog() {}

    /** Logs {@link #describe} at INFO. */
    public static void loaded(LibraryInfo info, String binding) {
        if (LOG.isInfoEnabled()) {
            LOG.info(describe(info, binding));
        }
    }

    /**
     * For example {@code libcurl 8.22.0 (OpenSSL/3.6.3; HTTP2 HTTP3 AsynchDNS zstd ws) bundled
     * /home/u/.cache/curl-multi/native/<sha256>/libcurl.so, CA bundle /etc/ssl/certs/ca-certificates.crt,
     * binding FFM (Java 25)}.
     */
    static String describe(LibraryInfo info, String binding) {
        List<String> features = new ArrayList<>();
        for (String feature : KEY_FEATURES) {
            if (info.features().contains(feature)) {
                features.add(feature);
            }
        }
        if (info.protocols().contains("ws")) {
            features.add("ws");
        }
        StringBuilder line = new StringBuilder("libcurl ")
                .append(info.version())
                .append(" (")
                .append(info.sslVersion() == null ? "no TLS" : info.sslVersion());
        if (!features.isEmpty()) {
            line.append("; ").append(String.join(" ", features));
        }
        line.append(") ")
                .append(info.origin().name().toLowerCase(Locale.ROOT))
                .append(' ')
                .append(info.file());
        if (info.origin() == LibcurlOrigin.BUNDLED) {
            line.append(", CA bundle ").append(info.caBundle() == null ? "none found" : info.caBundle());
        }
        return line.append(", binding ").append(binding).toString();
    }
}
