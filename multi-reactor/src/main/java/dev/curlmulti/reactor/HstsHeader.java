package dev.curlmulti.reactor;

import java.util.Locale;

/**
 * Reads a {@code Strict-Transport-Security} header (RFC 6797) the way libcurl's own parser does
 * ({@code Curl_hsts_parse}): directives split at {@code ;}, {@code max-age} required (quoted or
 * not), {@code includeSubDomains} optional, either one twice makes the header invalid, unknown
 * directives skipped. Stateless.
 */
final class HstsHeader {
    private HstsHeader() {}

    /**
     * A valid header's policy.
     *
     * @param maxAge            seconds to keep the host https-only; 0 forgets it
     * @param includeSubDomains whether its subdomains are https-only too
     */
    record Policy(long maxAge, boolean includeSubDomains) {}

    /** The policy in {@code value}, or null when it is not a valid header. */
    static Policy parse(String value) {
        long maxAge = -1;
        boolean subdomains = false;
        for (String part : value.split(";", -1)) {
            String directive = part.trim();
            String lower = directive.toLowerCase(Locale.ROOT);
            if (lower.startsWith("max-age")) {
                String rest = directive.substring(7).trim();
                if (maxAge >= 0 || !rest.startsWith("=")) {
                    return null;
                }
                maxAge = seconds(rest.substring(1).trim());
                if (maxAge < 0) {
                    return null;
                }
            } else if (lower.equals("includesubdomains")) {
                if (subdomains) {
                    return null;
                }
                subdomains = true;
            }
        }
        return maxAge < 0 ? null : new Policy(maxAge, subdomains);
    }

    /** Whether {@code host} is an IP address, whose STS headers RFC 6797 says to ignore. */
    static boolean isIpAddress(String host) {
        return host.startsWith("[") || host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    private static long seconds(String text) {
        String digits = text;
        if (digits.startsWith("\"")) {
            if (digits.length() < 2 || !digits.endsWith("\"")) {
                return -1;
            }
            digits = digits.substring(1, digits.length() - 1);
        }
        if (digits.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value > 100L * 365 * 86_400) {
                // libcurl caps an overflowing max-age; a century is as good as forever here.
                value = 100L * 365 * 86_400;
            }
        }
        return value;
    }
}
