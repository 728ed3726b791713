package dev.curlmulti.spring;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseCookie;

/**
 * Parses one {@code Set-Cookie} value as browsers do (RFC 6265 section 5.2) into a
 * {@link ResponseCookie}: name and value split at the first {@code =}, attributes matched without
 * regard to case, the last of a kind winning, and an attribute that cannot be read ignored (never
 * the cookie). Max-Age wins over Expires; a Max-Age of zero or less and an Expires in the past both
 * become a max-age of zero (delete); Expires is read in every date form browsers accept (see
 * {@link CookieDate}).
 *
 * <p>Not {@code java.net.HttpCookie}, which Spring's JDK and Jetty connectors use: it reads an
 * asctime Expires as max-age zero (deleting the cookie) and refuses a whole header whose value holds
 * a comma when Max-Age is present. A cookie {@link ResponseCookie} cannot hold (a value with a space,
 * a name with a separator, a domain or path with characters it refuses) is skipped and logged at
 * debug, as Reactor Netty's connector skips it; the response's other cookies are kept.
 */
final class SetCookieParser {
    private static final Logger LOG = LoggerFactory.getLogger(SetCookieParser.class);
    /** The last moment an HTTP date can name; a longer Max-Age ends there (so no date arithmetic overflows). */
    private static final long LATEST =
            LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    private SetCookieParser() {}

    /** The cookie, or null when the header holds none (no {@code =}, empty name) or one Spring cannot hold. */
    static ResponseCookie parse(String header) {
        String[] parts = header.split(";", -1);
        int equals = parts[0].indexOf('=');
        String name = equals < 0 ? "" : parts[0].substring(0, equals).trim();
        if (name.isEmpty()) {
            LOG.debug("Set-Cookie without a cookie name ignored: {}", header);
            return null;
        }
        Attributes attributes = new Attributes();
        for (int i = 1; i < parts.length; i++) {
            attributes.read(parts[i]);
        }
        try {
            // The client-response builder, as Spring's Reactor and Jetty connectors use: lenient on Domain="".
            return ResponseCookie.fromClientResponse(
                            name, parts[0].substring(equals + 1).trim())
                    .maxAge(attributes.maxAge())
                    .domain(attributes.domain)
                    .path(attributes.path)
                    .secure(attributes.secure)
                    .httpOnly(attributes.httpOnly)
                    .sameSite(attributes.sameSite)
                    .partitioned(attributes.partitioned)
                    .build();
        } catch (IllegalArgumentException refused) {
            LOG.debug("Set-Cookie skipped, Spring's ResponseCookie refuses it ({}): {}", refused.getMessage(), header);
            return null;
        }
    }

    /** The attributes of one cookie, read in order; the last of each name wins. */
    private static final class Attributes {
        private Long maxAgeSeconds;
        private Long expiresEpochSecond;
        private String domain;
        private String path;
        private boolean secure;
        private boolean httpOnly;
        private String sameSite;
        private boolean partitioned;

        void read(String attribute) {
            int eq = attribute.indexOf('=');
            String name =
                    (eq < 0 ? attribute : attribute.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : attribute.substring(eq + 1).trim();
            switch (name) {
                case "max-age" -> maxAgeSeconds = deltaSeconds(value, maxAgeSeconds);
                case "expires" -> {
                    Long parsed = CookieDate.parse(value);
                    expiresEpochSecond = parsed != null ? parsed : expiresEpochSecond;
                }
                // An empty Domain is ignored (5.2.3); a Path not starting with "/" means the default (5.2.4).
                case "domain" -> domain = value.isEmpty() ? domain : value;
                case "path" -> path = value.startsWith("/") ? value : null;
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                case "samesite" -> sameSite = value.isEmpty() ? null : value;
                case "partitioned" -> partitioned = true;
                default -> {
                    // Unknown attributes are ignored (5.2).
                }
            }
        }

        /** 5.2.2: an optional "-" then digits, else the attribute is ignored; too large for a long is "forever". */
        private static Long deltaSeconds(String value, Long previous) {
            if (!value.matches("-?[0-9]+")) {
                return previous;
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException tooLarge) {
                return value.startsWith("-") ? 0L : Long.MAX_VALUE;
            }
        }

        /** Max-Age first (5.3 step 3), then Expires; zero or less deletes; neither: a session cookie. */
        Duration maxAge() {
            long now = Instant.now().getEpochSecond();
            if (maxAgeSeconds != null) {
                return Duration.ofSeconds(Math.max(0, Math.min(maxAgeSeconds, LATEST - now)));
            }
            if (expiresEpochSecond != null) {
                return Duration.ofSeconds(Math.max(0, expiresEpochSecond - now));
            }
            return Duration.ofSeconds(-1);
        }
    }
}
