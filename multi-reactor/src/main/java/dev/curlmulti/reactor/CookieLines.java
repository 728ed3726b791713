package dev.curlmulti.reactor;

import java.net.HttpCookie;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@link CurlCookie} to and from the lines libcurl reads and writes (Netscape cookie file lines), and
 * from a {@code Set-Cookie} header with the URL it came from. Stateless.
 */
final class CookieLines {
    /** libcurl's prefix for an HttpOnly cookie's line (a comment to older readers, which skip it). */
    static final String HTTP_ONLY = "#HttpOnly_";
    /** The first line libcurl and curl write in a cookie file. */
    static final String FILE_HEADER = "# Netscape HTTP Cookie File";

    private CookieLines() {}

    static String format(CurlCookie c) {
        long expires = c.expires() == null ? 0 : Math.max(1, c.expires().getEpochSecond());
        return (c.httpOnly() ? HTTP_ONLY : "")
                + (c.includeSubdomains() ? "." : "")
                + c.domain()
                + '\t'
                + bool(c.includeSubdomains())
                + '\t'
                + c.path()
                + '\t'
                + bool(c.secure())
                + '\t'
                + expires
                + '\t'
                + c.name()
                + '\t'
                + c.value();
    }

    static CurlCookie parse(String line) {
        boolean httpOnly = line.startsWith(HTTP_ONLY);
        String rest = httpOnly ? line.substring(HTTP_ONLY.length()) : line;
        if (rest.startsWith("#") || rest.isBlank()) {
            throw new IllegalArgumentException("not a cookie line (a comment or blank)");
        }
        String[] f = rest.split("\t", -1);
        // libcurl writes 7 fields; files from elsewhere may leave out an empty value (libcurl reads 6).
        if (f.length != 7 && f.length != 6) {
            throw new IllegalArgumentException("a cookie line has 7 tab-separated fields, not " + f.length);
        }
        long expires;
        try {
            expires = Long.parseLong(f[4].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a cookie line's expiry is epoch seconds, not " + f[4]);
        }
        return new CurlCookie(
                f[0],
                "TRUE".equalsIgnoreCase(f[1]),
                f[2],
                "TRUE".equalsIgnoreCase(f[3]),
                expires <= 0 ? null : Instant.ofEpochSecond(expires),
                f[5],
                f.length == 7 ? f[6] : "",
                httpOnly);
    }

    static CurlCookie fromSetCookie(URI origin, String header) {
        String host = origin.getHost();
        if (host == null) {
            throw new IllegalArgumentException("a cookie's origin needs a host: " + origin);
        }
        host = host.toLowerCase(Locale.ROOT);
        String text = header.strip();
        if (text.regionMatches(true, 0, "set-cookie:", 0, 11)) {
            text = text.substring(11);
        }
        List<HttpCookie> parsed = HttpCookie.parse("set-cookie:" + text);
        if (parsed.size() != 1) {
            throw new IllegalArgumentException("a Set-Cookie header with one cookie, not " + parsed.size());
        }
        HttpCookie c = parsed.get(0);
        String domain = host;
        boolean subdomains = false;
        if (c.getDomain() != null && !c.getDomain().isEmpty()) {
            domain = c.getDomain().toLowerCase(Locale.ROOT);
            domain = domain.startsWith(".") ? domain.substring(1) : domain;
            boolean ip = isIp(host);
            if (!domain.equals(host) && (ip || !host.endsWith("." + domain) || domain.indexOf('.') < 0)) {
                throw new IllegalArgumentException("a cookie from " + host + " may not set Domain=" + c.getDomain()
                        + " (not its host or a parent)");
            }
            subdomains = !ip;
        }
        String path = c.getPath() != null && c.getPath().startsWith("/") ? c.getPath() : defaultPath(origin);
        long maxAge = c.getMaxAge();
        Instant expires = maxAge == -1
                ? null
                : maxAge <= 0 ? Instant.ofEpochSecond(1) : Instant.now().plusSeconds(maxAge);
        return new CurlCookie(
                domain, subdomains, path, c.getSecure(), expires, c.getName(), c.getValue(), c.isHttpOnly());
    }

    /** RFC 6265 section 5.1.4: the request path up to, not including, its last {@code /}; {@code /} at least. */
    static String defaultPath(URI origin) {
        String path = origin.getRawPath();
        if (path == null || !path.startsWith("/")) {
            return "/";
        }
        int last = path.lastIndexOf('/');
        return last <= 0 ? "/" : path.substring(0, last);
    }

    private static boolean isIp(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || (ch >= '0' && ch <= '9'));
    }

    private static String bool(boolean b) {
        return b ? "TRUE" : "FALSE";
    }
}
