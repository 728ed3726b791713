package dev.curlmulti.samples.download;

import java.util.Map;

/** Parses {@code Name: value} as curl's {@code -H} takes it, refusing what could split a request. Stateless. */
final class Headers {
    private Headers() {}

    /**
     * @throws IllegalArgumentException no colon, an empty or invalid name, or a CR/LF anywhere
     */
    static Map.Entry<String, String> parse(String header) {
        if (header.indexOf('\r') >= 0 || header.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a header must not contain CR or LF");
        }
        int colon = header.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a header is 'Name: value', got: " + header);
        }
        String name = header.substring(0, colon).strip();
        if (name.isEmpty() || !name.chars().allMatch(Headers::tokenChar)) {
            throw new IllegalArgumentException("not a header name: " + name);
        }
        return Map.entry(name, header.substring(colon + 1).strip());
    }

    private static boolean tokenChar(int c) {
        return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
