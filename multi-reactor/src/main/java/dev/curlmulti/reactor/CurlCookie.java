package dev.curlmulti.reactor;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One cookie of a client's jar ({@link CurlCookieJar}), as libcurl keeps it: the fields of a line of
 * a Netscape cookie file (the format of {@code CURLINFO_COOKIELIST}, {@code CURLOPT_COOKIELIST} and
 * curl's {@code --cookie-jar}). Immutable and thread-safe.
 *
 * @param domain            the host (without a leading dot) the cookie belongs to
 * @param includeSubdomains whether it also goes to hosts under {@code domain} (a cookie set with a
 *                          {@code Domain} attribute; libcurl's "tailmatch"); false: that host only
 * @param path              the path prefix it goes to ({@code /} for every path)
 * @param secure            sent over HTTPS only
 * @param expires           when it expires; null for a session cookie (kept until the jar drops sessions)
 * @param name              its name, never empty
 * @param value             its value, possibly empty
 * @param httpOnly          set with {@code HttpOnly} (kept as the {@code #HttpOnly_} prefix of the line;
 *                          libcurl sends it like any other cookie: it has no scripts to hide it from)
 */
public record CurlCookie(
        String domain,
        boolean includeSubdomains,
        String path,
        boolean secure,
        Instant expires,
        String name,
        String value,
        boolean httpOnly) {

    /**
     * Checks the fields so that each fits one field of a Netscape line.
     *
     * @throws IllegalArgumentException an empty domain or name, a path not starting with {@code /}, a name
     *                                  with {@code =} or {@code ;}, blanks in a domain or name, or a control
     *                                  character (a tab, CR, LF ...) in any field
     */
    public CurlCookie {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (domain.startsWith(".")) {
            domain = domain.substring(1);
        }
        check("domain", domain, true);
        check("name", name, true);
        check("path", path, false);
        check("value", value, false);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a cookie path starts with '/': " + path);
        }
        if (name.indexOf('=') >= 0 || name.indexOf(';') >= 0) {
            throw new IllegalArgumentException("a cookie name has no '=' or ';': " + name);
        }
        if (value.indexOf(';') >= 0) {
            throw new IllegalArgumentException("a cookie value has no ';' (it would end the cookie): " + name);
        }
    }

    /** A session cookie {@code name=value} for {@code host} only, on every path, over HTTP and HTTPS. */
    public static CurlCookie of(String host, String name, String value) {
        return new CurlCookie(host, false, "/", false, null, name, value, false);
    }

    /**
     * The cookie a {@code Set-Cookie} header from {@code origin} sets, by the rules a browser applies
     * (RFC 6265 section 5.3): no {@code Domain} makes it {@code origin}'s host's only; a {@code Domain}
     * must be that host or a parent of it (else {@link IllegalArgumentException}); no {@code Path} (or one
     * not starting with {@code /}) means the directory of {@code origin}'s path; {@code Max-Age} wins over
     * {@code Expires}. The header may start with {@code Set-Cookie:}. A cookie already expired comes back
     * expired ({@link #isExpired}): adding it to a jar removes the cookie it matches.
     *
     * @throws IllegalArgumentException a header that is not one cookie, or a domain {@code origin} may not set
     */
    public static CurlCookie fromSetCookie(URI origin, String setCookie) {
        return CookieLines.fromSetCookie(origin, setCookie);
    }

    /**
     * The cookie a line of a Netscape cookie file describes (7 tab-separated fields: domain,
     * include-subdomains {@code TRUE}/{@code FALSE}, path, secure, expiry in epoch seconds with 0 for a
     * session cookie, name, value; {@code #HttpOnly_} before the domain for an HttpOnly one).
     *
     * @throws IllegalArgumentException a line that is not such a cookie (a comment, say)
     */
    public static CurlCookie parseNetscape(String line) {
        return CookieLines.parse(line);
    }

    /**
     * This cookie as a line of a Netscape cookie file, as libcurl writes it (the inverse of
     * {@link #parseNetscape}).
     */
    public String toNetscape() {
        return CookieLines.format(this);
    }

    /** Whether it has no expiry: it lives until the jar drops session cookies or is cleared. */
    public boolean isSession() {
        return expires == null;
    }

    /** Whether it had expired at {@code now} (a session cookie never has). */
    public boolean isExpired(Instant now) {
        return expires != null && !expires.isAfter(now);
    }

    /** Whether {@code other} is the same cookie slot (domain, subdomains, path, name): one replaces the other. */
    public boolean sameSlot(CurlCookie other) {
        return domain.equalsIgnoreCase(other.domain)
                && includeSubdomains == other.includeSubdomains
                && path.equals(other.path)
                && name.equals(other.name);
    }

    /** Name, domain and path, never the value (it is often a credential and this goes to logs). */
    @Override
    public String toString() {
        return name + " for " + (includeSubdomains ? "." : "") + domain + path + (secure ? " (secure)" : "");
    }

    private static void check(String field, String text, boolean noBlanks) {
        if (noBlanks && text.isEmpty()) {
            throw new IllegalArgumentException("a cookie's " + field + " may not be empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (noBlanks && c == ' ')) {
                throw new IllegalArgumentException(
                        "a cookie's " + field + " may not contain control characters" + (noBlanks ? " or blanks" : ""));
            }
        }
    }
}
