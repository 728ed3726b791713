package dev.curlmulti.samples.download;

import java.util.List;
import java.util.Map;

/**
 * One file to download, as the manifest or the command line gives it. Immutable.
 *
 * @param line    the manifest line of its URL, 0 for a URL given as an argument or by the demo
 * @param url     what to fetch
 * @param out     the name under the output directory ({@code out=}), or null to take it from the URL
 * @param sha256  the expected SHA-256 (64 lower-case hex digits), or null
 * @param size    the expected length in bytes, or -1
 * @param headers request headers for this file only, in order
 */
record Entry(int line, String url, String out, String sha256, long size, List<Map.Entry<String, String>> headers) {
    /** A URL with nothing else said about it. */
    static Entry of(String url) {
        return new Entry(0, url, null, null, -1, List.of());
    }

    /** This entry expecting {@code bytes} bytes with {@code sha} as SHA-256. */
    Entry expecting(long bytes, String sha) {
        return new Entry(line, url, out, sha, bytes, headers);
    }
}
