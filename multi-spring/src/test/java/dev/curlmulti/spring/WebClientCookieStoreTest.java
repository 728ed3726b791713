package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlCookie;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * WebClient over a client that keeps cookies, in libcurl's jar or in a {@link CookieManager}: a
 * {@code Set-Cookie} read through the connector is stored and sent on the next exchange, beside the
 * cookies WebClient's {@code cookie()} adds.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class WebClientCookieStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestServer server = new TestServer();

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    private static String get(WebClient web, String url) {
        return web.get()
                .uri(url)
                .retrieve()
                .bodyToMono(String.class)
                .defaultIfEmpty("")
                .block(WAIT);
    }

    @Test
    void libcurlsJarKeepsWhatTheServerSetAndTheCallerCanReadIt() {
        try (CurlClient client = CurlClient.builder().cookies(true).build();
                CurlClientHttpConnector connector = new CurlClientHttpConnector(client)) {
            WebClient web = WebClient.builder().clientConnector(connector).build();

            get(web, server.url("/set-cookie"));

            assertThat(get(web, server.url("/cookie"))).isEqualTo("flavour=oat");
            assertThat(client.cookieJar().cookies().block(WAIT))
                    .extracting(CurlCookie::name, CurlCookie::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("flavour", "oat"));
        }
    }

    @Test
    void aCookieManagerIsFilledThroughTheConnectorAndWebClientsCookiesStillGo() {
        CookieManager manager = new CookieManager();
        try (CurlClient client = CurlClient.builder().cookieHandler(manager).build();
                CurlClientHttpConnector connector = new CurlClientHttpConnector(client)) {
            WebClient web = WebClient.builder().clientConnector(connector).build();

            get(web, server.url("/set-cookie"));

            assertThat(manager.getCookieStore().get(URI.create(server.url("/"))))
                    .extracting(HttpCookie::getName)
                    .containsExactly("flavour");
            String sent = web.get()
                    .uri(server.url("/cookie"))
                    .cookie("extra", "1")
                    .retrieve()
                    .bodyToMono(String.class)
                    .block(WAIT);
            assertThat(sent).as("one Cookie field, WebClient's cookies first").isEqualTo("extra=1; flavour=oat");
        }
    }
}
