package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link CurlCookie} from Set-Cookie headers by the origin rules, and to and from Netscape lines. */
class CookieLinesTest {
    private static final URI ORIGIN = URI.create("https://www.example.com/account/login?next=/");

    @Test
    void aCookieWithoutDomainOrPathBelongsToItsHostAndDirectory() {
        CurlCookie cookie = CurlCookie.fromSetCookie(ORIGIN, "Set-Cookie: id=42; Secure; HttpOnly");

        assertThat(cookie)
                .isEqualTo(new CurlCookie("www.example.com", false, "/account", true, null, "id", "42", true));
    }

    @Test
    void aDomainMustBeTheHostOrAParentOfIt() {
        assertThat(CurlCookie.fromSetCookie(ORIGIN, "id=1; Domain=.example.com; Path=/")
                        .includeSubdomains())
                .isTrue();
        assertThatThrownBy(() -> CurlCookie.fromSetCookie(ORIGIN, "id=1; Domain=other.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurlCookie.fromSetCookie(ORIGIN, "id=1; Domain=com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurlCookie.fromSetCookie(URI.create("http://10.0.0.1/"), "id=1; Domain=0.0.1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxAgeSetsTheExpiryAndZeroMakesAnExpiredCookie() {
        Instant now = Instant.now();
        CurlCookie hour = CurlCookie.fromSetCookie(ORIGIN, "id=1; Max-Age=3600");
        CurlCookie gone = CurlCookie.fromSetCookie(ORIGIN, "id=1; Max-Age=0");

        assertThat(hour.expires()).isBetween(now.plusSeconds(3590), now.plusSeconds(3610));
        assertThat(gone.isExpired(now)).isTrue();
    }

    @Test
    void aNetscapeLineRoundTripsWithItsHttpOnlyPrefixAndLeadingDot() {
        String line = "#HttpOnly_.example.com\tTRUE\t/docs\tTRUE\t2000000000\tname\tvalue=with=equals";

        CurlCookie cookie = CurlCookie.parseNetscape(line);

        assertThat(cookie)
                .isEqualTo(new CurlCookie(
                        "example.com",
                        true,
                        "/docs",
                        true,
                        Instant.ofEpochSecond(2000000000L),
                        "name",
                        "value=with=equals",
                        true));
        assertThat(cookie.toNetscape()).isEqualTo(line);
        assertThat(cookie.toString()).doesNotContain("value=with=equals");
    }

    @Test
    void aFieldThatWouldBreakTheLineIsRefused() {
        assertThatThrownBy(() -> CurlCookie.of("example.com", "a\tb", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurlCookie.of("example.com", "a", "1\nSet-Cookie: b=2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurlCookie.parseNetscape("# Netscape HTTP Cookie File"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurlCookie.parseNetscape("example.com\tFALSE\t/\tFALSE\tsoon\tn\tv"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
