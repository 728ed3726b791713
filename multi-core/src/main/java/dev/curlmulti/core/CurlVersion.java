package dev.curlmulti.core;

import dev.curlmulti.core.internal.LibraryInfo;
import dev.curlmulti.core.internal.NativeBinding;

import java.util.List;
import java.util.Set;

/**
 * The loaded libcurl, from {@code curl_version_info}: what {@code curl -V} prints. Loading libcurl
 * fails with a clear {@link UnsatisfiedLinkError} when it is missing or older than 7.68.0; set the
 * system property {@code dev.curlmulti.libcurl} to load another build (for example curl-impersonate).
 *
 * @param version    for example {@code 7.88.1}
 * @param versionNum {@code 0xXXYYZZ}, for example {@code 0x075801}
 * @param host       the platform libcurl was built for
 * @param sslVersion the TLS library, for example {@code OpenSSL/3.0.19}, or {@code null}
 * @param features   feature names as {@code curl -V} prints them ({@code HTTP2}, {@code brotli}, ...)
 * @param protocols  supported URL schemes
 * @param file       the library file that was loaded
 * @param binding    how Java calls it: {@code JNA 5.18.1} (Java 17-21) or {@code FFM (Java 25)} (Java 22+)
 */
public record CurlVersion(String version, int versionNum, String host, String sslVersion, Set<String> features,
                          List<String> protocols, String file, String binding) {

    /** The loaded libcurl; loads it on first use. */
    public static CurlVersion current() {
        LibraryInfo info = NativeBinding.get().library();
        return new CurlVersion(info.version(), info.versionNum(), info.host(), info.sslVersion(), info.features(),
                info.protocols(), info.file(), NativeBinding.get().name());
    }

    /** True when the loaded libcurl is at least {@code major.minor.patch}. */
    public boolean isAtLeast(int major, int minor, int patch) {
        return Integer.compareUnsigned(versionNum, (major << 16) | (minor << 8) | patch) >= 0;
    }

    /** True when the loaded libcurl has the named feature, for example {@code "HTTP2"}. */
    public boolean hasFeature(String name) {
        return features.contains(name);
    }
}
