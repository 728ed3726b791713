package dev.curlmulti.core.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * This class alone reads libcurl's {@code struct curl_version_info_data}: the version, the
 * feature bits (named as {@code curl -V} prints them) and the protocols. Both bindings hand it
 * the struct through {@link OpenedLibrary}; neither decodes a field itself. Stateless.
 */
final class VersionInfoReader {
    /** {@code CURL_VERSION_*} bit {@code n} is {@code FEATURE_BITS[n]}. */
    private static final String[] FEATURE_BITS = {
        "IPv6", "Kerberos4", "SSL", "libz", "NTLM", "GSS-Negotiate", "Debug", "AsynchDNS", "SPNEGO",
        "Largefile", "IDN", "SSPI", "CharConv", "TrackMemory", "TLS-SRP", "NTLM_WB", "HTTP2", "GSS-API",
        "Kerberos", "UnixSockets", "PSL", "HTTPS-proxy", "MultiSSL", "brotli", "alt-svc", "HTTP3", "zstd",
        "Unicode", "HSTS", "gsasl", "threadsafe"
    };
    /** The age-0 part of the struct on LP64 (the only data model either binding runs on). */
    private static final int STRUCT_SIZE = 72;
    /** A bound on the protocol list, so a damaged one cannot run away. */
    private static final int MAX_PROTOCOLS = 256;

    private VersionInfoReader() {}

    /**
     * The facts of the struct at {@code library.versionInfo()}; nothing about where it came from.
     *
     * @param version     for example {@code 7.88.1}
     * @param versionNum  {@code 0xXXYYZZ}
     * @param host        the platform it was built for
     * @param sslVersion  the TLS library, or null
     * @param libzVersion zlib's version, or null
     * @param features    feature names as {@code curl -V} prints them
     * @param protocols   supported URL schemes
     */
    record VersionInfo(
            String version,
            int versionNum,
            String host,
            String sslVersion,
            String libzVersion,
            Set<String> features,
            List<String> protocols) {}

    static VersionInfo read(OpenedLibrary library) {
        // int age; char *version; unsigned version_num; char *host; int features; char *ssl_version;
        // long ssl_version_num; char *libz_version; const char *const *protocols
        ByteBuffer data = library.view(library.versionInfo(), STRUCT_SIZE);
        return new VersionInfo(
                library.string(data.getLong(8)),
                data.getInt(16),
                library.string(data.getLong(24)),
                library.string(data.getLong(40)),
                library.string(data.getLong(56)),
                features(data.getInt(32)),
                protocols(library, data.getLong(64)));
    }

    static Set<String> features(int bits) {
        Set<String> features = new LinkedHashSet<>();
        for (int bit = 0; bit < FEATURE_BITS.length; bit++) {
            if ((bits & (1 << bit)) != 0) {
                features.add(FEATURE_BITS[bit]);
            }
        }
        return Collections.unmodifiableSet(features);
    }

    private static List<String> protocols(OpenedLibrary library, long names) {
        List<String> protocols = new ArrayList<>();
        if (names != 0) {
            ByteBuffer list = library.view(names, 8L * MAX_PROTOCOLS);
            for (int i = 0; i < MAX_PROTOCOLS && list.getLong(8 * i) != 0; i++) {
                protocols.add(library.string(list.getLong(8 * i)));
            }
        }
        return List.copyOf(protocols);
    }
}
