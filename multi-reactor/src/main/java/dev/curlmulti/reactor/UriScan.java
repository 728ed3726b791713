package dev.curlmulti.reactor;

import java.util.Locale;

/**
 * The parts of an absolute URI a request's loop is chosen by, scanned rather than parsed: it runs
 * for every request. Lower case; user info left out; empty parts where there are none.
 */
final class UriScan {
    private UriScan() {}

    /** {@code scheme://host:port} of {@code uri}: which loop's connections may serve it. */
    static String origin(String uri) {
        int scheme = uri.indexOf("://");
        int start = authorityStart(uri, scheme);
        int end = authorityEnd(uri, start);
        return (scheme < 0 ? "" : uri.substring(0, scheme + 3)).toLowerCase(Locale.ROOT)
                + uri.substring(start, end).toLowerCase(Locale.ROOT);
    }

    /** The host of {@code uri} (an IPv6 address keeps its brackets). */
    static String host(String uri) {
        int start = authorityStart(uri, uri.indexOf("://"));
        int end = authorityEnd(uri, start);
        int portColon = -1;
        if (start < end && uri.charAt(start) == '[') {
            int close = uri.indexOf(']', start);
            end = close < 0 || close > end ? end : close + 1;
        } else {
            portColon = uri.indexOf(':', start);
        }
        if (portColon >= start && portColon < end) {
            end = portColon;
        }
        return uri.substring(start, end).toLowerCase(Locale.ROOT);
    }

    /** Where the host starts: after {@code scheme://} and any {@code user:password@}. */
    private static int authorityStart(String uri, int scheme) {
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = uri.lastIndexOf('@', authorityEnd(uri, start) - 1);
        return at >= start ? at + 1 : start;
    }

    private static int authorityEnd(String uri, int start) {
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        return end;
    }
}
