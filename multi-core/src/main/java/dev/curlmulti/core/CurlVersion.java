package dev.curlmulti.core;

import dev.curlmulti.core.internal.LibraryInfo;
import dev.curlmulti.core.internal.NativeBinding;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loaded libcurl, from {@code curl_version_info} (what {@code curl -V} prints), and where it
 * came from. An immutable value: safe to share between threads; it holds no native resource.
 *
 * <p><b>Which libcurl is loaded</b>, once per JVM, on first use of any handle:
 * <ol>
 *   <li>the file or library name in the system property {@code dev.curlmulti.libcurl}, when set
 *       ({@link LibcurlOrigin#PROPERTY}; for example a curl-impersonate build);</li>
 *   <li>else the bundled libcurl, when a {@code multi-native-linux-x86_64} (or {@code -aarch64})
 *       artifact is on the class path ({@link LibcurlOrigin#BUNDLED});</li>
 *   <li>else the system's, as the dynamic linker finds it ({@link LibcurlOrigin#SYSTEM}; on Debian
 *       and Ubuntu {@code libcurl.so.4} from the {@code libcurl4} package).</li>
 * </ol>
 * The bundled library is extracted to {@code <cache>/<sha256>/libcurl.so}, the cache being the
 * system property {@code dev.curlmulti.nativeCache}, else {@code $XDG_CACHE_HOME/curl-multi/native},
 * else {@code ~/.cache/curl-multi/native}. A cached file is checked against the artifact's SHA-256
 * once per JVM and replaced when it differs; JVMs starting together share it safely (each writes a
 * temporary file and renames it into place). An unwritable cache falls back to a temporary directory
 * deleted on exit, with a warning. A bundled library that does not load is an
 * {@link UnsatisfiedLinkError} naming the file (and, when this system's glibc is older than the
 * build's, the glibc it needs): curl-multi never falls back to the system's libcurl then, because
 * adding the artifact asked for the bundled one. Loading fails with a clear error, too, when the
 * library is missing or older than 7.68.0. The load is logged once at INFO (logger
 * {@code dev.curlmulti.core.internal.NativeBinding}).
 *
 * <p><b>Trusted CAs:</b> the bundled libcurl has no compiled-in CA bundle, so every easy handle
 * gets the system's ({@link #caBundle()}, as {@code CURLOPT_CAINFO} and {@code CURLOPT_PROXY_CAINFO},
 * on creation and after {@code reset()}); options set later override it. The system's and
 * property-chosen libcurls keep their own defaults.
 *
 * @param version    for example {@code 7.88.1}
 * @param versionNum {@code 0xXXYYZZ}, for example {@code 0x075801}
 * @param host       the platform libcurl was built for
 * @param sslVersion the TLS library, for example {@code OpenSSL/3.0.19}, or {@code null}
 * @param features   feature names as {@code curl -V} prints them ({@code HTTP2}, {@code brotli}, ...)
 * @param protocols  supported URL schemes
 * @param file       the library file that was loaded (for the system's libcurl under the FFM binding,
 *                   the name the dynamic linker was given)
 * @param binding    how Java calls it: {@code JNA 5.18.1} (Java 17-21) or {@code FFM (Java 25)} (Java 22+)
 * @param origin     where the library came from
 * @param buildInfo  the bundled build's facts ({@code curl.version}, {@code openssl.version},
 *                   {@code glibc.floor}, ...), sorted by key; empty for the other origins
 * @param caBundle   the CA bundle file every easy handle gets, or {@code null}: always null for the
 *                   system's and property-chosen libcurls, and null for the bundled one when no
 *                   system bundle was found (then certificate checks fail; a warning was logged)
 */
public record CurlVersion(
        String version,
        int versionNum,
        String host,
        String sslVersion,
        Set<String> features,
        List<String> protocols,
        String file,
        String binding,
        LibcurlOrigin origin,
        Map<String, String> buildInfo,
        String caBundle) {

    /** The loaded libcurl; loads it on first use. */
    public static CurlVersion current() {
        LibraryInfo info = NativeBinding.get().library();
        return new CurlVersion(
                info.version(),
                info.versionNum(),
                info.host(),
                info.sslVersion(),
                info.features(),
                info.protocols(),
                info.file(),
                NativeBinding.get().name(),
                info.origin(),
                info.buildInfo(),
                info.caBundle());
    }

    /** True when the loaded libcurl is at least {@code major.minor.patch}. */
    public boolean isAtLeast(int major, int minor, int patch) {
        return Integer.compareUnsigned(versionNum, (major << 16) | (minor << 8) | patch) >= 0;
    }

    /** True when the loaded libcurl has the named feature, for example {@code "HTTP2"}. */
    public boolean hasFeature(String name) {
        return features.contains(name);
    }

    /** True when the loaded libcurl is the one a {@code multi-native-*} artifact carries. */
    public boolean bundled() {
        return origin == LibcurlOrigin.BUNDLED;
    }
}
