package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A {@link java.net.CookieHandler} as the client's cookie store, against a real server. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class CookieHandlerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final CookieServer server = new CookieServer();
    private final CookieManager manager = new CookieManager();
    private final CurlClient client = server.builder().cookieHandler(manager).build();

    CookieHandlerTest() throws Exception {}

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.close();
    }

    private String get(CurlClient c, String host, String path) {
        return c.get(server.url(host, path)).flatMap(CurlResponse::bodyAsString).block(WAIT);
    }

    private List<String> names(String host) {
        return manager.getCookieStore().get(URI.create(server.url(host, "/"))).stream()
                .map(HttpCookie::getName)
                .toList();
    }

    @Test
    void aCookieManagerKeepsTheServersCookiesAndSendsThemToTheirHostOnly() {
        get(client, "a.test", "/login");

        assertThat(names("a.test")).containsExactlyInAnyOrder("session", "remember");
        // The header is what the handler says: CookieManager writes a cookie set with Max-Age (an RFC 2965
        // cookie to it) as remember="r1";$Path="/";$Domain="a.test", as it does for the JDK's HttpClient.
        assertThat(Arrays.asList(get(client, "a.test", "/echo").split("; ")))
                .hasSize(2)
                .contains("session=s1")
                .anyMatch(c -> c.startsWith("remember=") && c.contains("r1"));
        assertThat(get(client, "b.test", "/echo")).isEmpty();
    }

    @Test
    void theFinalResponseOfARedirectIsFiledUnderTheUrlItCameFrom() {
        try (CurlClient following =
                server.builder().cookieHandler(manager).followRedirects(3).build()) {
            assertThat(get(following, "a.test", "/to?host=b.test")).isEqualTo("welcome");
        }

        assertThat(names("b.test")).containsExactlyInAnyOrder("session", "remember");
        assertThat(names("a.test"))
                .as("nothing filed under the URL first asked")
                .isEmpty();
    }

    @Test
    void downloadsSendTheHandlersCookies(@TempDir Path dir) throws Exception {
        get(client, "a.test", "/login");

        client.download(server.url("a.test", "/echo"), dir.resolve("echo.txt")).block(WAIT);

        assertThat(Files.readString(dir.resolve("echo.txt"))).contains("session=s1");
    }

    @Test
    void aHandlerThatFailsFailsOnlyItsOwnRequest() {
        CookieHandler broken = new CookieHandler() {
            @Override
            public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
                throw new IOException("store unavailable");
            }

            @Override
            public void put(URI uri, Map<String, List<String>> headers) {}
        };
        try (CurlClient failing = server.builder().cookieHandler(broken).build()) {
            assertThatThrownBy(() -> get(failing, "a.test", "/echo")).hasMessageContaining("store unavailable");
        }
        assertThat(get(client, "a.test", "/echo")).isEmpty();
    }

    @Test
    void aClientHasOneCookieStore() {
        assertThatThrownBy(() -> CurlClient.builder()
                        .cookies(true)
                        .cookieHandler(manager)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("choose one");
        assertThatThrownBy(client::cookieJar).isInstanceOf(IllegalStateException.class);
    }
}
