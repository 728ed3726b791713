package dev.curlmulti.spring;

import org.springframework.http.ResponseCookie;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses one {@code Set-Cookie} value (RFC 6265) into a {@link ResponseCookie}: Max-Age, Expires
 * (turned into a max-age from now when Max-Age is absent), Domain, Path, Secure, HttpOnly, SameSite
 * and Partitioned.
 */
final class SetCookieParser {
    private SetCookieParser() {
    }

    static ResponseCookie parse(String header) {
        String[] parts = header.split(";");
        int equals = parts[0].indexOf('=');
        if (equals <= 0) {
            return null;
        }
        ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(parts[0].substring(0, equals).trim(),
                parts[0].substring(equals + 1).trim());
        boolean maxAgeSet = false;
        Duration fromExpires = null;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            String name = (eq < 0 ? part : part.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : part.substring(eq + 1).trim();
            switch (name) {
                case "max-age" -> {
                    try {
                        cookie.maxAge(Long.parseLong(value));
                        maxAgeSet = true;
                    } catch (NumberFormatException ignored) {
                        // an invalid Max-Age is ignored, as browsers do
                    }
                }
                case "expires" -> fromExpires = untilExpiry(value);
                case "domain" -> cookie.domain(value);
                case "path" -> cookie.path(value);
                case "secure" -> cookie.secure(true);
                case "httponly" -> cookie.httpOnly(true);
                case "samesite" -> cookie.sameSite(value);
                case "partitioned" -> cookie.partitioned(true);
                default -> {
                }
            }
        }
        if (!maxAgeSet && fromExpires != null) {
            cookie.maxAge(fromExpires.isNegative() ? Duration.ZERO : fromExpires);
        }
        return cookie.build();
    }

    private static Duration untilExpiry(String value) {
        try {
            ZonedDateTime expires = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Duration.between(ZonedDateTime.now(expires.getZone()), expires);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
