package dev.curlmulti.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.LibcurlOrigin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How {@code --libcurls} turns into the report's rows: ours and the C program once per libcurl, peers once. */
class LibcurlTest {
    private static final Libcurl OLD = libcurl("8.14", "8.14.1", " [8.14.1]");
    private static final Libcurl BUNDLED = libcurl("bundled", "8.22.0", " [bundled 8.22.0]");

    private static Libcurl libcurl(String name, String version, String suffix) {
        CurlVersion curl = new CurlVersion(
                version,
                0x080e01,
                "x86_64-pc-linux-gnu",
                "OpenSSL/3.6.0",
                Set.of("HTTP2", "HTTP3"),
                List.of("http", "https", "ws"),
                "/lib/" + name + "/libcurl.so",
                "JNA 5.18.1",
                name.equals("bundled") ? LibcurlOrigin.BUNDLED : LibcurlOrigin.PROPERTY,
                Map.of(),
                null);
        return new Libcurl(name, Path.of(curl.file()), null, null, curl, null, suffix);
    }

    @Test
    void eachClientThatLoadsLibcurlRunsOncePerLibcurlNextToEachOtherAndThePeersOnce() {
        List<Contender> contenders = Contender.of(
                List.of("curl-flux", "reactor-netty", "webclient-curl", "c", "wrk"), List.of(OLD, BUNDLED));

        assertThat(contenders)
                .extracting(Contender::label)
                .containsExactly(
                        "curl-flux [8.14.1]",
                        "curl-flux [bundled 8.22.0]",
                        "reactor-netty",
                        "webclient-curl [8.14.1]",
                        "webclient-curl [bundled 8.22.0]",
                        "c [8.14.1]",
                        "c [bundled 8.22.0]",
                        "wrk");
        assertThat(contenders.get(1).fileName()).isEqualTo("curl-flux-bundled");
        assertThat(contenders.get(2).fileName()).isEqualTo("reactor-netty");
    }

    @Test
    void aLibcurlIsTaggedByItsVersionAndByItsNameWhenTheVersionDoesNotSayIt() {
        assertThat(OLD.tag()).isEqualTo("8.14.1");
        assertThat(BUNDLED.tag()).isEqualTo("bundled 8.22.0");
        assertThat(Results.base("curl-flux [bundled 8.22.0]")).isEqualTo("curl-flux");
        assertThat(Results.suffix("curl-flux [bundled 8.22.0]")).isEqualTo(" [bundled 8.22.0]");
        assertThat(Results.suffix("reactor-netty")).isEmpty();
    }

    @Test
    void theProbesLineReadsBackAsTheVersionItWasMadeFrom() {
        CurlVersion curl = BUNDLED.curl();
        assertThat(LibcurlProbe.parse(LibcurlProbe.format(curl) + "\n")).isEqualTo(curl);
    }

    @Test
    void aSpecThatIsNotFourFieldsIsRefusedWithItsForm() {
        assertThatThrownBy(() -> Libcurl.parse("bundled=/x/libcurl.so", null))
                .hasMessageContaining("NAME:FILE:LIBRARY_PATH:C_BINARY");
    }
}
