package dev.curlmulti.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an {@code Alt-Svc} response header (RFC 7838) into the alternatives libcurl can use:
 * {@code h3}, {@code h2} and {@code http/1.1} ({@code h1}), each with its host (empty: the
 * origin's), port, {@code ma} (default 24 hours) and {@code persist}. Anything else (other protocol
 * ids, a malformed entry, a host with characters a host name cannot have) is left out, as libcurl
 * leaves it out. Stateless.
 */
final class AltSvcHeader {
    /** RFC 7838's default freshness: 24 hours. */
    static final long DEFAULT_MAX_AGE = 86_400;

    private AltSvcHeader() {}

    /** One alternative as the header gave it. */
    record Offer(String protocol, String host, int port, long maxAge, boolean persist) {}

    /** Whether the value is the lone {@code clear}: forget every alternative of the origin. */
    static boolean isClear(String value) {
        return value.trim().equals("clear");
    }

    /** The alternatives in {@code value} (several header lines joined by commas). */
    static List<Offer> parse(String value) {
        List<Offer> offers = new ArrayList<>();
        for (String entry : split(value, ',')) {
            Offer offer = offer(entry);
            if (offer != null) {
                offers.add(offer);
            }
        }
        return offers;
    }

    private static Offer offer(String entry) {
        List<String> parts = split(entry, ';');
        String first = parts.get(0);
        int equals = first.indexOf('=');
        if (equals < 0) {
            return null;
        }
        String protocol = protocol(first.substring(0, equals).trim());
        String authority = unquote(first.substring(equals + 1).trim());
        if (protocol == null || authority == null) {
            return null;
        }
        int colon = authority.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String host = authority.substring(0, colon).toLowerCase(Locale.ROOT);
        int port = number(authority.substring(colon + 1), 65_535);
        if (port < 1 || !validHost(host)) {
            return null;
        }
        long maxAge = DEFAULT_MAX_AGE;
        boolean persist = false;
        for (int i = 1; i < parts.size(); i++) {
            String parameter = parts.get(i).trim();
            int eq = parameter.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = parameter.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String raw = parameter.substring(eq + 1).trim();
            String text = raw.startsWith("\"") ? unquote(raw) : raw;
            if (name.equals("ma") && text != null) {
                long parsed = number(text, Long.MAX_VALUE);
                if (parsed >= 0) {
                    maxAge = parsed;
                }
            } else if (name.equals("persist")) {
                persist = "1".equals(text);
            }
        }
        return new Offer(protocol, host, port, maxAge, persist);
    }

    /** libcurl's name for a protocol id ({@code h1}, {@code h2}, {@code h3}), or null for one it cannot use. */
    private static String protocol(String id) {
        return switch (id.toLowerCase(Locale.ROOT)) {
            case "h3" -> "h3";
            case "h2" -> "h2";
            case "http%2f1.1", "http/1.1" -> "h1";
            default -> null;
        };
    }

    /** Host names and IPv4 addresses only: the file libcurl reads is split at blanks, never quoted. */
    private static boolean validHost(String host) {
        if (host.length() > 253) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** A non-negative decimal number up to {@code max}, else -1. */
    private static long number(String text, long max) {
        if (text.isEmpty() || text.length() > 19) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value > max || value < 0) {
                return max == Long.MAX_VALUE ? Long.MAX_VALUE : -1;
            }
        }
        return value;
    }

    private static int number(String text, int max) {
        return (int) number(text, (long) max);
    }

    /** The text between double quotes, or null when {@code text} is not a quoted string. */
    private static String unquote(String text) {
        if (text.length() < 2 || text.charAt(0) != '"' || text.charAt(text.length() - 1) != '"') {
            return null;
        }
        return text.substring(1, text.length() - 1);
    }

    /** {@code text} split at {@code separator} outside double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).trim());
        return parts;
    }
}
