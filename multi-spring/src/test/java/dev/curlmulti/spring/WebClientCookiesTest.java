package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.ResponseCookie;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

/**
 * Set-Cookie read as browsers read it (RFC 6265 section 5.2): every Expires date form servers send,
 * Max-Age over Expires, and a cookie Spring's {@code ResponseCookie} cannot hold skipped while the
 * exchange and the other cookies go on.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class WebClientCookiesTest {
    private static final Duration AHEAD = Duration.ofDays(400);

    private final MockWebServer server = new MockWebServer();
    private CurlClientHttpConnector connector;
    private WebClient webClient;

    @BeforeEach
    void setUp() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
        connector = new CurlClientHttpConnector();
        webClient = WebClient.builder()
                .clientConnector(connector)
                .baseUrl(server.url("/").toString())
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        connector.close();
        server.shutdown();
    }

    private static String format(ZonedDateTime time, String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.US).format(time);
    }

    @Test
    void oddCookiesAreSkippedEveryBrowserDateFormIsReadAndTheExchangeSucceeds() {
        ZonedDateTime expires = ZonedDateTime.now(ZoneOffset.UTC).plus(AHEAD).truncatedTo(ChronoUnit.SECONDS);
        server.enqueue(new MockResponse()
                .addHeader("Set-Cookie", "good=1; Path=/")
                .addHeader("Set-Cookie", "spacey=hello world")
                .addHeader("Set-Cookie", "bad name=2")
                .addHeader("Set-Cookie", "no-equals-sign")
                .addHeader("Set-Cookie", "dashed=3; Expires=" + format(expires, "EEE, dd-MMM-yyyy HH:mm:ss 'GMT'"))
                .addHeader("Set-Cookie", "rfc850=4; Expires=" + format(expires, "EEEE, dd-MMM-yy HH:mm:ss 'GMT'"))
                .addHeader("Set-Cookie", "asctime=5; Expires=" + format(expires, "EEE MMM ppd HH:mm:ss yyyy"))
                .addHeader("Set-Cookie", "rfc1123=6; Expires=" + DateTimeFormatter.RFC_1123_DATE_TIME.format(expires))
                .addHeader("Set-Cookie", "deleted=7; Expires=Thursday, 01-Jan-70 00:00:01 GMT")
                .addHeader("Set-Cookie", "maxAgeWins=8; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:01 GMT")
                .addHeader("Set-Cookie", "negative=9; Max-Age=-5")
                .addHeader("Set-Cookie", "unreadable=10; Max-Age=soon; Expires=next tuesday")
                .setBody("cookies"));

        Tuple2<String, MultiValueMap<String, ResponseCookie>> result = webClient
                .get()
                .uri("/c")
                .exchangeToMono(
                        response -> response.bodyToMono(String.class).zipWith(Mono.fromCallable(response::cookies)))
                .block(Duration.ofSeconds(20));

        assertThat(result.getT1()).isEqualTo("cookies");
        MultiValueMap<String, ResponseCookie> cookies = result.getT2();
        assertThat(cookies.keySet())
                .containsExactlyInAnyOrder(
                        "good",
                        "dashed",
                        "rfc850",
                        "asctime",
                        "rfc1123",
                        "deleted",
                        "maxAgeWins",
                        "negative",
                        "unreadable");
        assertThat(cookies.getFirst("good").getValue()).isEqualTo("1");
        assertThat(cookies.getFirst("good").getPath()).isEqualTo("/");
        assertThat(cookies.getFirst("good").getMaxAge().isNegative())
                .as("a session cookie")
                .isTrue();
        for (String dated : new String[] {"dashed", "rfc850", "asctime", "rfc1123"}) {
            assertThat(cookies.getFirst(dated).getMaxAge()).as(dated).isBetween(AHEAD.minusMinutes(1), AHEAD);
        }
        // Two-digit years 70-99 are 19xx: the classic "delete this cookie" date is in the past.
        assertThat(cookies.getFirst("deleted").getMaxAge()).isEqualTo(Duration.ZERO);
        assertThat(cookies.getFirst("maxAgeWins").getMaxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(cookies.getFirst("negative").getMaxAge()).isEqualTo(Duration.ZERO);
        assertThat(cookies.getFirst("unreadable").getMaxAge().isNegative()).isTrue();
    }
}
