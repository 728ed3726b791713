package dev.curlmulti.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled library's resources: where they are per platform, and what they say. */
class BundledLibcurlTest {
    @TempDir
    Path temp;

    @Test
    void eachLinuxArchitectureHasItsDirectoryAndOtherPlatformsNone() {
        assertThat(BundledLibcurl.platformDirectory("Linux", "amd64")).contains("META-INF/native/linux-x86_64/");
        assertThat(BundledLibcurl.platformDirectory("Linux", "x86_64")).contains("META-INF/native/linux-x86_64/");
        assertThat(BundledLibcurl.platformDirectory("Linux", "aarch64")).contains("META-INF/native/linux-aarch64/");
        assertThat(BundledLibcurl.platformDirectory("Linux", "arm64")).contains("META-INF/native/linux-aarch64/");
        assertThat(BundledLibcurl.platformDirectory("Linux", "riscv64")).isEmpty();
        assertThat(BundledLibcurl.platformDirectory("Mac OS X", "aarch64")).isEmpty();
        assertThat(BundledLibcurl.platformDirectory("Windows 11", "amd64")).isEmpty();
    }

    @Test
    void aClassPathWithoutTheArtifactHasNoBundledLibrary() throws IOException {
        try (URLClassLoader empty =
                new URLClassLoader(new java.net.URL[] {temp.toUri().toURL()}, null)) {
            assertThat(BundledLibcurl.find(empty, FakeBundle.DIRECTORY)).isEqualTo(Optional.empty());
        }
    }

    @Test
    void theHashAndTheBuildFactsAreReadFromTheResources() throws IOException {
        FakeBundle bundle =
                FakeBundle.of(temp, new byte[] {1, 2, 3}, Map.of("curl.version", "8.22.0", "glibc.floor", "2.34"));
        BundledLibcurl found = bundle.find();
        assertThat(found.sha256()).isEqualTo(bundle.sha256);
        assertThat(found.buildInfo())
                .containsExactly(Map.entry("curl.version", "8.22.0"), Map.entry("glibc.floor", "2.34"));
        assertThat(found.source()).startsWith("file:").endsWith(FakeBundle.DIRECTORY + "libcurl.so");
        try (var in = found.open()) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aHashFileInSha256sumsFormatIsAccepted() throws IOException {
        FakeBundle bundle = FakeBundle.of(temp, new byte[] {4}, Map.of());
        Path hashFile = temp.resolve(FakeBundle.DIRECTORY).resolve("libcurl.so.sha256");
        Files.writeString(hashFile, bundle.sha256.toUpperCase() + "  libcurl.so\n");
        assertThat(bundle.find().sha256()).isEqualTo(bundle.sha256);
    }

    @Test
    void aLibraryWithoutItsHashIsADamagedArtifact() throws IOException {
        FakeBundle bundle = FakeBundle.of(temp, new byte[] {5}, Map.of());
        Files.delete(temp.resolve(FakeBundle.DIRECTORY).resolve("libcurl.so.sha256"));
        assertThatThrownBy(bundle::find).isInstanceOf(IOException.class).hasMessageContaining("libcurl.so.sha256");
    }

    @Test
    void aHashFileThatIsNotAHashIsRefused() throws IOException {
        FakeBundle bundle = FakeBundle.withHash(temp, new byte[] {6}, "not-a-hash", Map.of());
        assertThatThrownBy(bundle::find).isInstanceOf(IOException.class).hasMessageContaining("not-a-hash");
    }
}
