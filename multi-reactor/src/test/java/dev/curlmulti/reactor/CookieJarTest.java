package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.testing.NoLeakedHandles;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** libcurl's jar read, seeded, trimmed, saved and loaded through {@link CurlCookieJar}, against a real server. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class CookieJarTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final CookieServer server = new CookieServer();
    private final CurlClient client = server.builder().cookies(true).build();
    private final CurlCookieJar jar = client.cookieJar();

    CookieJarTest() throws Exception {}

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.close();
    }

    private String get(CurlClient c, String host, String path) {
        return c.get(server.url(host, path)).flatMap(CurlResponse::bodyAsString).block(WAIT);
    }

    private static List<String> sent(String cookieHeader) {
        return cookieHeader.isEmpty() ? List.of() : Arrays.asList(cookieHeader.split("; "));
    }

    @Test
    void theServersCookiesAreListedWithTheirAttributes() {
        get(client, "a.test", "/login");

        List<CurlCookie> cookies = jar.cookies().block(WAIT);

        assertThat(cookies).extracting(CurlCookie::name).containsExactlyInAnyOrder("session", "remember");
        CurlCookie session = cookies.stream()
                .filter(c -> c.name().equals("session"))
                .findFirst()
                .orElseThrow();
        assertThat(session).isEqualTo(new CurlCookie("a.test", false, "/", false, null, "session", "s1", false));
        CurlCookie remember = cookies.stream()
                .filter(c -> c.name().equals("remember"))
                .findFirst()
                .orElseThrow();
        assertThat(remember.httpOnly()).isTrue();
        assertThat(remember.expires())
                .isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
    }

    @Test
    void aSeededCookieGoesOnlyWhereItsDomainAndSecureFlagAllow() {
        jar.add(CurlCookie.of("a.test", "hostOnly", "1")).block(WAIT);
        jar.add(new CurlCookie("a.test", true, "/", false, null, "wide", "2", false))
                .block(WAIT);
        jar.add(new CurlCookie("a.test", false, "/", true, null, "secureOnly", "3", false))
                .block(WAIT);

        assertThat(sent(get(client, "a.test", "/echo"))).containsExactlyInAnyOrder("hostOnly=1", "wide=2");
        assertThat(sent(get(client, "sub.a.test", "/echo"))).containsExactly("wide=2");
        assertThat(get(client, "b.test", "/echo")).as("another host gets none").isEmpty();
    }

    @Test
    void aSecureCookieSetOverPlainHttpIsRefused() {
        get(client, "a.test", "/secure");

        assertThat(jar.cookies().block(WAIT)).isEmpty();
    }

    @Test
    void removeDropsOneCookieAndSaysWhetherItWasThere() {
        get(client, "a.test", "/login");

        assertThat(jar.remove(CurlCookie.of("a.test", "session", "")).block(WAIT))
                .isTrue();

        assertThat(sent(get(client, "a.test", "/echo"))).containsExactly("remember=r1");
        assertThat(jar.cookies().block(WAIT)).extracting(CurlCookie::name).containsExactly("remember");
        assertThat(jar.remove(CurlCookie.of("a.test", "session", "")).block(WAIT))
                .isFalse();
        assertThat(jar.remove(CurlCookie.of("b.test", "remember", "")).block(WAIT))
                .as("the same name under another host is another cookie")
                .isFalse();
        assertThat(sent(get(client, "a.test", "/echo"))).containsExactly("remember=r1");
    }

    @Test
    void clearSessionKeepsCookiesWithAnExpiryAndClearEmptiesTheJar() {
        get(client, "a.test", "/login");

        jar.clearSession().block(WAIT);
        assertThat(sent(get(client, "a.test", "/echo"))).containsExactly("remember=r1");

        jar.clear().block(WAIT);
        assertThat(get(client, "a.test", "/echo")).isEmpty();
        assertThat(jar.cookies().block(WAIT)).isEmpty();
    }

    @Test
    void aSavedJarLoadsIntoAnotherClientAndTheFileIsTheOwnersOnly(@TempDir Path dir) throws Exception {
        get(client, "a.test", "/login");
        Path file = dir.resolve("cookies.txt");
        Files.writeString(file, "an older jar");

        assertThat(jar.save(file).block(WAIT)).isEqualTo(2);

        assertThat(Files.readAllLines(file))
                .startsWith(CookieLines.FILE_HEADER)
                .contains("a.test\tFALSE\t/\tFALSE\t0\tsession\ts1")
                .anyMatch(l -> l.startsWith("#HttpOnly_a.test\tFALSE\t/\tFALSE\t") && l.endsWith("\tremember\tr1"));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
        try (CurlClient other = server.builder().cookies(true).build()) {
            assertThat(other.cookieJar().load(file).block(WAIT)).isEqualTo(2);
            assertThat(sent(get(other, "a.test", "/echo"))).containsExactlyInAnyOrder("session=s1", "remember=r1");
            assertThat(other.cookieJar().cookies().block(WAIT))
                    .containsExactlyInAnyOrderElementsOf(jar.cookies().block(WAIT));
        }
    }

    @Test
    void aFileWithALineThatIsNoCookieAddsNothingAndNamesTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cookies.txt");
        Files.writeString(file, "# a comment\na.test\tFALSE\t/\tFALSE\t0\tgood\t1\nSet-Cookie: evil=1\n");

        assertThatThrownBy(() -> jar.load(file).block(WAIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cookies.txt:3:");
        assertThat(jar.cookies().block(WAIT)).isEmpty();
        assertThatThrownBy(() -> jar.load(dir.resolve("missing.txt")).block(WAIT))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("missing.txt");
    }

    @Test
    void aCopyThatSharesTheLoopsSharesTheJar() {
        try (CurlClient copy = client.mutate().userAgent("copy").build()) {
            get(copy, "a.test", "/login");

            assertThat(jar.cookies().block(WAIT)).extracting(CurlCookie::name).contains("session", "remember");
            assertThat(sent(get(client, "a.test", "/echo"))).contains("session=s1");
        }
    }

    @Test
    void theJarWorksOnAClientWhoseHandlesAreWiretappedAndObserved() {
        RequestObserver observer = (request, context) -> (status, facts, error) -> {};
        try (CurlClient tapped =
                server.builder().cookies(true).wiretap(true).observe(observer).build()) {
            tapped.cookieJar().add(CurlCookie.of("a.test", "seed", "1")).block(WAIT);

            assertThat(tapped.cookieJar().cookies().block(WAIT))
                    .extracting(CurlCookie::name)
                    .containsExactly("seed");
            assertThat(get(tapped, "a.test", "/echo")).isEqualTo("seed=1");
        }
    }

    @Test
    void withoutAJarOrAfterDisposeTheJarFailsClearly() {
        try (CurlClient plain = server.builder().build()) {
            assertThatThrownBy(plain::cookieJar)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cookies(true)");
        }
        client.dispose();

        assertThatThrownBy(() -> jar.cookies().block(WAIT)).isInstanceOf(IllegalStateException.class);
    }
}
