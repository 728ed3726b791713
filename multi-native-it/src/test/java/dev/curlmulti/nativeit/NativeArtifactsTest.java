package dev.curlmulti.nativeit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What each native artifact carries, read from the jars on the class path as a user's build gets
 * them: a shared object for its own architecture whose SHA-256 is the one the loader checks, its
 * build facts, every bundled library's licence and an SBOM naming them. On this x86-64 JVM, with both
 * artifacts present, the loader picks the x86-64 one.
 */
class NativeArtifactsTest {
    /** ELF e_machine values. */
    private static final int EM_X86_64 = 62;

    private static final int EM_AARCH64 = 183;
    private static final String[] LIBRARIES = {
        "curl", "openssl", "nghttp2", "ngtcp2", "nghttp3", "c-ares", "brotli", "libzstd", "zlib"
    };

    @ParameterizedTest
    @CsvSource({"linux-x86_64, 62", "linux-aarch64, 183"})
    void eachArtifactCarriesItsArchitecturesLibraryWithItsHashLicencesAndSbom(String platform, int machine)
            throws Exception {
        String dir = "META-INF/native/" + platform + "/";
        byte[] library = resource(dir + "libcurl.so");
        ByteBuffer elf = ByteBuffer.wrap(library).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(elf.getInt(0)).as("ELF magic").isEqualTo(0x464c457f);
        assertThat(library[4]).as("64-bit").isEqualTo((byte) 2);
        assertThat(elf.getShort(18) & 0xffff).as("e_machine").isEqualTo(machine).isIn(EM_X86_64, EM_AARCH64);
        String hash =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(library));
        assertThat(new String(resource(dir + "libcurl.so.sha256"), StandardCharsets.US_ASCII).strip())
                .isEqualTo(hash);

        Properties info = new Properties();
        info.load(new java.io.ByteArrayInputStream(resource(dir + "build-info.properties")));
        assertThat(info.getProperty("arch")).isEqualTo(platform.substring("linux-".length()));
        assertThat(info.getProperty("glibc.floor")).isEqualTo("2.34");
        String sbom = new String(resource(dir + "sbom.cdx.json"), StandardCharsets.UTF_8);
        assertThat(sbom).contains("\"bomFormat\": \"CycloneDX\"");
        for (String name : LIBRARIES) {
            String version = info.getProperty(name + ".version");
            assertThat(version).as(name + " in build-info").isNotBlank();
            assertThat(sbom).contains("\"name\": \"" + name + "\", \"version\": \"" + version + "\"");
            assertThat(resource(dir + "licenses/" + name + "-" + version + ".txt"))
                    .as(name + "'s licence")
                    .isNotEmpty();
        }
        if (platform.equals("linux-x86_64")) {
            // Both artifacts are on this class path: the loader took this JVM's architecture's.
            assertThat(CurlVersion.current().file()).contains(hash);
            assertThat(CurlVersion.current().buildInfo()).containsEntry("arch", "x86_64");
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = NativeArtifactsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the class path").isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
