package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.CurlOpt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headers read as libcurl reads them, and the cache files written in libcurl's format and read
 * back (expired entries dropped). No server: what libcurl does with the files is {@link AltSvcTest}'s
 * and {@link HstsTest}'s.
 */
class DiscoveryCachesTest {
    @TempDir
    Path dir;

    @Test
    void altSvcKeepsTheProtocolsLibcurlCanUseWithTheirParameters() {
        List<AltSvcHeader.Offer> offers = AltSvcHeader.parse(
                "h3=\":443\"; ma=3600, h3-29=\":443\", h2=\"Alt.Example.com:8443\"; persist=1, http%2F1.1=\":80\"");
        assertThat(offers)
                .containsExactly(
                        new AltSvcHeader.Offer("h3", "", 443, 3600, false),
                        new AltSvcHeader.Offer("h2", "alt.example.com", 8443, AltSvcHeader.DEFAULT_MAX_AGE, true),
                        new AltSvcHeader.Offer("h1", "", 80, AltSvcHeader.DEFAULT_MAX_AGE, false));
    }

    @Test
    void altSvcLeavesOutWhatCannotBeWrittenOrUsed() {
        assertThat(AltSvcHeader.parse("h3=:443, h3=\":0\", h3=\":70000\", h3=\"a b:443\", h3=\"x\\\"y:443\", junk"))
                .isEmpty();
        assertThat(AltSvcHeader.isClear(" clear ")).isTrue();
        assertThat(AltSvcHeader.isClear("Clear")).isFalse();
    }

    @Test
    void stsIsReadAsLibcurlReadsIt() {
        assertThat(HstsHeader.parse("max-age=31536000; includeSubDomains"))
                .isEqualTo(new HstsHeader.Policy(31_536_000, true));
        assertThat(HstsHeader.parse("max-age=\"60\"; preload")).isEqualTo(new HstsHeader.Policy(60, false));
        assertThat(HstsHeader.parse("max-age=0")).isEqualTo(new HstsHeader.Policy(0, false));
        assertThat(HstsHeader.parse("includeSubDomains"))
                .as("max-age is required")
                .isNull();
        assertThat(HstsHeader.parse("max-age=1; max-age=2"))
                .as("twice is invalid")
                .isNull();
        assertThat(HstsHeader.parse("max-age=1; includeSubDomains; includeSubDomains"))
                .isNull();
        assertThat(HstsHeader.parse("max-age=-1")).isNull();
        assertThat(HstsHeader.isIpAddress("127.0.0.1")).isTrue();
        assertThat(HstsHeader.isIpAddress("[::1]")).isTrue();
        assertThat(HstsHeader.isIpAddress("localhost")).isFalse();
    }

    @Test
    void anAltSvcCacheWritesLibcurlsFormatAndReadsItBackWithoutExpiredLines() throws IOException {
        Path file = dir.resolve("alt-svc.txt");
        AltSvcCache cache = AltSvcCache.file(file);
        cache.learn("example.com", 443, List.of("h3=\":8443\"; ma=600"));
        cache.save();
        String text = Files.readString(file);
        assertThat(text).contains("h2 example.com 443 h3 example.com 8443 \"").contains("h1 example.com 443 h3");
        Files.writeString(
                file,
                text + "h2 old.example 443 h3 old.example 443 \"20000101 00:00:00\" 0 0\nnot a line\n",
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        AltSvcCache reloaded = AltSvcCache.file(file);
        assertThat(reloaded.alternatives()).singleElement().satisfies(a -> {
            assertThat(a.host() + ":" + a.port()).isEqualTo("example.com:443");
            assertThat(a.protocol() + " " + a.alternativeHost() + ":" + a.alternativePort())
                    .isEqualTo("h3 example.com:8443");
            assertThat(a.expires()).isAfter(Instant.now().plusSeconds(500));
        });
        // Whatever loading changed is written now, not by a queued write racing the temporary directory's removal.
        reloaded.save();
    }

    @Test
    void aRepeatedAltSvcChangesNothingAndClearForgetsTheOrigin() {
        AltSvcCache cache = AltSvcCache.inMemory();
        cache.learn("example.com", 443, List.of("h3=\":443\"; ma=600"));
        Instant first = cache.alternatives().get(0).expires();
        cache.learn("example.com", 443, List.of("h3=\":443\"; ma=600"));
        assertThat(cache.alternatives().get(0).expires()).isEqualTo(first);
        cache.learn("example.com", 443, List.of("h3=\":9443\"; ma=600"));
        assertThat(cache.alternatives().get(0).alternativePort()).isEqualTo(9443);
        cache.learn("example.com", 443, List.of("clear"));
        assertThat(cache.alternatives()).isEmpty();
    }

    @Test
    void theFileOptionsAreRefusedAsRawClientOptions() {
        assertThatThrownBy(() -> CurlClient.builder().option(CurlOpt.HSTS, "hsts.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hsts(HstsCache)");
        assertThatThrownBy(() -> CurlClient.builder().option(CurlOpt.ALTSVC, "alt-svc.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("altSvc(AltSvcCache)");
    }

    @Test
    void anHstsCacheWritesLibcurlsFormatAndForgetsAHostOnMaxAgeZero() throws IOException {
        Path file = dir.resolve("hsts.txt");
        HstsCache cache = HstsCache.file(file);
        cache.learn("secure.example", "max-age=600; includeSubDomains");
        cache.learn("10.0.0.1", "max-age=600");
        cache.add("preloaded.example", false, Instant.MAX);
        cache.save();
        String text = Files.readString(file);
        assertThat(text).contains(".secure.example \"").contains("preloaded.example \"unlimited\"");
        assertThat(text).doesNotContain("10.0.0.1");
        HstsCache reloaded = HstsCache.file(file);
        assertThat(reloaded.entries())
                .extracting(HstsCache.Entry::host)
                .containsExactlyInAnyOrder("secure.example", "preloaded.example");
        reloaded.learn("secure.example", "max-age=0");
        assertThat(reloaded.entries()).extracting(HstsCache.Entry::host).containsExactly("preloaded.example");
        // The change is written now, and the write it queued is skipped: nothing races the directory's removal.
        reloaded.save();
        assertThat(Files.readString(file)).doesNotContain("secure.example");
    }
}
