package dev.curlmulti.reactor.internal;

/**
 * What a request may contain. libcurl 7.88 copies header values, custom methods and user agents
 * to the wire verbatim, so a CR or LF would inject a header or a whole request (and a NUL ends
 * libcurl's C string there): refuse them here. The one rule for HTTP requests, WebSocket
 * handshakes and the client's settings, so the packages cannot drift apart. Not API.
 */
public final class HeaderRules {
    private HeaderRules() {}

    /** A header field: a token for the name; a value without control characters (HTAB allowed), not only blanks. */
    public static void checkHeader(String name, String value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isTokenChar(c)) {
                throw new IllegalArgumentException(
                        "header name " + quote(name) + " has a character not allowed in a token at " + i);
            }
        }
        checkValue("header " + name, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // RFC 9110 5.5: no control characters in a field value but HTAB. libcurl 7.88 also
            // counts VT and FF as blank, and silently drops a header whose value is all blanks.
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new IllegalArgumentException("header " + name + " value contains control character 0x"
                        + Integer.toHexString(c) + " at " + i);
            }
        }
        if (!value.isEmpty() && value.chars().allMatch(c -> c == ' ' || c == '\t')) {
            throw new IllegalArgumentException("header " + name + " value is only whitespace, which libcurl would "
                    + "drop without sending the header; use \"\" for an empty value");
        }
    }

    /** The longest timeout every conversion (to milliseconds for libcurl, to nanoseconds for timers) can hold. */
    public static final java.time.Duration MAX_TIMEOUT = java.time.Duration.ofNanos(Long.MAX_VALUE);

    /** {@code value} if not negative, else an {@link IllegalArgumentException}. */
    public static int checkNonNegative(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("must be >= 0: " + value);
        }
        return value;
    }

    /** {@code value} if at least 1, else an {@link IllegalArgumentException} naming {@code what}. */
    public static int checkPositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be >= 1: " + value);
        }
        return value;
    }

    /** A timeout: null (none), or zero to {@link #MAX_TIMEOUT} (about 292 years). */
    public static java.time.Duration checkTimeout(String what, java.time.Duration value) {
        if (value != null && (value.isNegative() || value.compareTo(MAX_TIMEOUT) > 0)) {
            throw new IllegalArgumentException(what + " must be 0 to " + MAX_TIMEOUT + ": " + value);
        }
        return value;
    }

    /** A CURLOPT_RESOLVE entry's parts: libcurl parses them only when a request starts and then fails it. */
    public static void checkResolve(String host, int port, String address) {
        checkValue("resolve host", host);
        checkValue("resolve address", address);
        if (host.isEmpty() || host.indexOf(':') >= 0 && !(host.startsWith("[") && host.endsWith("]"))) {
            throw new IllegalArgumentException(
                    "resolve host must be a name or a bracketed IPv6 literal: " + quote(host));
        }
        if (host.startsWith("+") || host.startsWith("-")) {
            // libcurl reads a leading '-' as "remove this entry" and '+' as "let it time out".
            throw new IllegalArgumentException("resolve host must not start with '+' or '-': " + quote(host));
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("resolve port must be 1 to 65535: " + port);
        }
        for (String one : address.split(",", -1)) {
            String bare = one.startsWith("[") && one.endsWith("]") ? one.substring(1, one.length() - 1) : one;
            if (!IpLiterals.ipv4(bare) && !IpLiterals.ipv6(bare)) {
                throw new IllegalArgumentException(
                        "resolve address must be IP literals separated by commas: " + quote(address));
            }
        }
    }

    /** A value sent as is (header, resolve entry): not null, no CR, LF or NUL; {@code what} names it in the message. */
    public static void checkValue(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " value is null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                String named = c == '\0' ? "NUL" : c == '\r' ? "CR" : "LF";
                throw new IllegalArgumentException(
                        what + " value contains " + named + " at " + i + ": header injection refused");
            }
        }
    }

    /** A method: a non-empty token. */
    public static void checkMethod(String method) {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("method is empty");
        }
        for (int i = 0; i < method.length(); i++) {
            if (!isTokenChar(method.charAt(i))) {
                throw new IllegalArgumentException("method " + quote(method) + " is not a token");
            }
        }
    }

    /** A URI: not empty, no control characters or spaces. */
    public static void checkUri(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException(
                        "URI contains a control character or space at " + i + ": " + quote(uri));
            }
        }
        if (uri.isEmpty()) {
            throw new IllegalArgumentException("URI is empty");
        }
    }

    private static boolean isTokenChar(char c) {
        if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static String quote(String text) {
        return "\"" + text.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + "\"";
    }
}
