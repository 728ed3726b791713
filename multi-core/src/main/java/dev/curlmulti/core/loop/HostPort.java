package dev.curlmulti.core.loop;

import java.util.Locale;
import java.util.Objects;

/** The key {@link HostConnections} counts a transfer's connections under. */
final class HostPort {
    private HostPort() {}

    /**
     * {@code host:port} of {@code url}, the host in lower case without IPv6 brackets (as Reactor
     * Netty writes a remote address), the port made explicit for http, https, ws and wss.
     */
    static String of(String url) {
        Objects.requireNonNull(url, "url");
        int schemeEnd = url.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = close < 0 ? authority.substring(1) : authority.substring(1, close);
            if (close >= 0 && close + 1 < authority.length() && authority.charAt(close + 1) == ':') {
                port = authority.substring(close + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (port == null || port.isEmpty()) {
            port = switch (scheme) {
                case "http", "ws" -> "80";
                case "https", "wss" -> "443";
                default -> null;
            };
        }
        host = host.toLowerCase(Locale.ROOT);
        return port == null ? host : host + ":" + port;
    }
}
