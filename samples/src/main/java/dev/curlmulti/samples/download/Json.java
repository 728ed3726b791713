package dev.curlmulti.samples.download;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The little JSON the downloader reads and writes: one flat object per line, values strings, whole
 * numbers or null. Writing escapes every string as RFC 8259 asks; reading accepts only that shape
 * and fails with {@link IllegalArgumentException} on anything else (a torn line, say). Stateless.
 */
final class Json {
    private Json() {}

    /** One object on one line, members in the order given; values are String, Number or null. */
    static String object(Map<String, ?> members) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, ?> member : members.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(out, member.getKey()).append(':');
            Object value = member.getValue();
            if (value == null) {
                out.append("null");
            } else if (value instanceof Number number) {
                out.append(number.longValue());
            } else {
                quote(out, value.toString());
            }
        }
        return out.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Parses what {@link #object} writes: strings come back as String, numbers as Long, null as null. */
    static Map<String, Object> parse(String line) {
        Reader reader = new Reader(line.strip());
        Map<String, Object> members = new LinkedHashMap<>();
        reader.expect('{');
        if (!reader.consume('}')) {
            do {
                String key = reader.string();
                reader.expect(':');
                members.put(key, reader.value());
            } while (reader.consume(','));
            reader.expect('}');
        }
        if (!reader.atEnd()) {
            throw new IllegalArgumentException("text after the object");
        }
        return members;
    }

    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at == text.length();
        }

        boolean consume(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!consume(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at);
            }
        }

        Object value() {
            if (text.startsWith("null", at)) {
                at += 4;
                return null;
            }
            if (at < text.length() && text.charAt(at) == '"') {
                return string();
            }
            int start = at;
            consume('-');
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            try {
                return Long.parseLong(text.substring(start, at));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a value at " + start, e);
            }
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    break;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw new IllegalArgumentException("torn \\u escape");
                        }
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(escaped);
                }
            }
            throw new IllegalArgumentException("unterminated string");
        }
    }
}
