package dev.curlmulti.core.internal;

import dev.curlmulti.core.LibcurlOrigin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code curl_version_info} reported about the loaded libcurl, where it was loaded from, and
 * the CA bundle handles get (see {@link SystemCaBundle}). Immutable; made once, by {@link LibcurlLoader}.
 *
 * @param version     for example {@code 7.88.1}
 * @param versionNum  {@code 0xXXYYZZ}
 * @param host        the platform it was built for
 * @param sslVersion  the TLS library, or null
 * @param libzVersion zlib's version, or null
 * @param features    feature names as {@code curl -V} prints them
 * @param protocols   supported URL schemes
 * @param file        the file that was loaded (for the system's libcurl with FFM, the name it was opened by)
 * @param origin      bundled, named by the system property, or the system's
 * @param buildInfo   the bundled build's {@code build-info.properties}; empty for the others
 * @param caBundle    the CA bundle set on every easy handle ({@code CAINFO}, {@code PROXY_CAINFO}), or null:
 *                    only the bundled libcurl gets one
 */
public record LibraryInfo(
        String version,
        int versionNum,
        String host,
        String sslVersion,
        String libzVersion,
        Set<String> features,
        List<String> protocols,
        String file,
        LibcurlOrigin origin,
        Map<String, String> buildInfo,
        String caBundle) {
    /** The oldest libcurl this project runs on: 7.68.0 brought {@code curl_multi_wakeup}. */
    public static final int MINIMUM_VERSION_NUM = 0x074400;
    /** {@link #MINIMUM_VERSION_NUM} as text. */
    public static final String MINIMUM_VERSION = "7.68.0";
    /** The header API ({@code curl_easy_header}, {@code curl_easy_nextheader}) arrived in 7.84.0. */
    public static final int HEADER_API_VERSION_NUM = 0x075400;
    /** The WebSocket calls ({@code curl_ws_send}, {@code curl_ws_recv}, {@code curl_ws_meta}) arrived in 7.86.0. */
    public static final int WEBSOCKET_API_VERSION_NUM = 0x075600;

    /** True when this library is at least {@code versionNum} ({@code 0xXXYYZZ}). */
    public boolean isAtLeast(int versionNum) {
        return Integer.compareUnsigned(this.versionNum, versionNum) >= 0;
    }

    /** Formats {@code 0xXXYYZZ} as {@code X.Y.Z}. */
    public static String versionString(int versionNum) {
        return ((versionNum >> 16) & 0xff) + "." + ((versionNum >> 8) & 0xff) + "." + (versionNum & 0xff);
    }

    /**
     * Refuses a symbol that the loaded libcurl is too old to know.
     *
     * @throws UnsupportedOperationException naming the symbol and both versions
     */
    public void require(String cName, int since) {
        if (!isAtLeast(since)) {
            throw new UnsupportedOperationException(cName + " needs libcurl " + versionString(since)
                    + " or newer; the loaded libcurl is " + versionString(versionNum));
        }
    }
}
