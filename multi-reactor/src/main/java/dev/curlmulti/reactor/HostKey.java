package dev.curlmulti.reactor;

import java.util.Locale;

/**
 * The host a batch's per-host limits count a download against: {@code scheme://host:port} of the
 * request's URL, lower case, the port made explicit for http and https (so {@code http://a/} and
 * {@code http://a:80/} are one host). A redirect to another host still counts against the first:
 * the limit is decided before the request is sent.
 */
final class HostKey {
    private HostKey() {}

    static String of(String uri) {
        String origin = UriScan.origin(uri);
        int schemeEnd = origin.indexOf("://");
        if (schemeEnd < 0) {
            return origin;
        }
        String authority = origin.substring(schemeEnd + 3);
        if (authority.indexOf(':', authority.lastIndexOf(']') + 1) >= 0) {
            return origin;
        }
        return switch (origin.substring(0, schemeEnd).toLowerCase(Locale.ROOT)) {
            case "http" -> origin + ":80";
            case "https" -> origin + ":443";
            default -> origin;
        };
    }
}
