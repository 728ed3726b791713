package dev.curlmulti.reactor;

/**
 * What a request may contain. libcurl 7.88 copies header values, custom methods and user agents
 * to the wire verbatim, so a CR or LF would inject a header or a whole request: refuse them here.
 */
final class HeaderRules {
    private HeaderRules() {
    }

    static void checkHeader(String name, String value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isTokenChar(c)) {
                throw new IllegalArgumentException("header name " + quote(name) + " has a character not allowed in a token at " + i);
            }
        }
        checkValue("header " + name, value);
    }

    static void checkValue(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " value is null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException(what + " value contains " + (c == '\0' ? "NUL" : c == '\r' ? "CR" : "LF")
                        + " at " + i + ": header injection refused");
            }
        }
    }

    static void checkMethod(String method) {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("method is empty");
        }
        for (int i = 0; i < method.length(); i++) {
            if (!isTokenChar(method.charAt(i))) {
                throw new IllegalArgumentException("method " + quote(method) + " is not a token");
            }
        }
    }

    static void checkUri(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("URI contains a control character or space at " + i + ": " + quote(uri));
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
