package dev.curlmulti.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.LibcurlOrigin;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bundled libcurl that does not load says why and what to use instead. */
class LoadFailuresTest {
    private static final String FILE = "/home/u/.cache/curl-multi/native/abc/libcurl.so";
    private static final String SOURCE =
            "jar:file:/app/lib/multi-native-linux-x86_64-0.1.0.jar" + "!/META-INF/native/linux-x86_64/libcurl.so";
    private static final String GLIBC_ERROR =
            "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.38' not found " + "(required by " + FILE + ")";

    @Test
    void aMissingGlibcVersionNamesTheGlibcTheBuildNeedsAndTheWaysOut() {
        UnsatisfiedLinkError cause = new UnsatisfiedLinkError("Unable to load library");
        UnsatisfiedLinkError error = LoadFailures.bundled(bundled(Map.of("glibc.floor", "2.38")), GLIBC_ERROR, cause);
        assertThat(error)
                .hasMessageStartingWith("the bundled libcurl " + FILE)
                .hasMessageContaining("needs glibc 2.38 or newer")
                .hasMessageContaining("version `GLIBC_2.38' not found")
                .hasMessageContaining("remove the multi-native-linux-x86_64 artifact")
                .hasMessageContaining("-Ddev.curlmulti.libcurl=libcurl.so.4")
                .hasCause(cause);
    }

    @Test
    void aMissingGlibcVersionWithoutBuildFactsStillSaysItIsGlibc() {
        UnsatisfiedLinkError error = LoadFailures.bundled(bundled(Map.of()), GLIBC_ERROR, null);
        assertThat(error)
                .hasMessageContaining("needs glibc newer than this system's")
                .hasNoCause();
    }

    @Test
    void anyOtherFailureNamesTheFileAndSaysThereIsNoFallback() {
        UnsatisfiedLinkError error = LoadFailures.bundled(
                bundled(Map.of("glibc.floor", "2.34")),
                FILE + ": failed to map segment from shared object\n" + FILE + ": failed to map segment",
                null);
        assertThat(error.getMessage())
                .doesNotContain("needs glibc")
                .doesNotContain("\n")
                .contains(FILE)
                .contains(SOURCE)
                .contains("failed to map segment from shared object")
                .contains("does not fall back")
                .contains("-Ddev.curlmulti.nativeCache")
                .contains("-Ddev.curlmulti.libcurl=");
    }

    @Test
    void theArtifactIsNamedAfterThePlatformDirectory() {
        assertThat(LoadFailures.artifactName(SOURCE)).isEqualTo("multi-native-linux-x86_64");
        assertThat(LoadFailures.artifactName("META-INF/native/linux-aarch64/")).isEqualTo("multi-native-linux-aarch64");
        assertThat(LoadFailures.artifactName(null)).isEqualTo("multi-native-<platform>");
    }

    private static LibraryLocation bundled(Map<String, String> buildInfo) {
        return new LibraryLocation(FILE, LibcurlOrigin.BUNDLED, SOURCE, buildInfo);
    }
}
