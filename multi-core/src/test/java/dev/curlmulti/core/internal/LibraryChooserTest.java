package dev.curlmulti.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.LibcurlOrigin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order: the property, else the bundled library (alone), else the system's names. */
class LibraryChooserTest {
    private static final List<String> SYSTEM = List.of("libcurl.so.4", "libcurl.so");

    @TempDir
    Path temp;

    @Test
    void thePropertyWinsOverABundledLibrary() throws IOException {
        FakeBundle bundle = FakeBundle.ofSystemLibcurl(temp.resolve("classpath"));
        List<LibraryLocation> candidates = LibraryChooser.candidates(
                " /opt/impersonate/libcurl.so ", bundle.classLoader(), FakeBundle.DIRECTORY, cache(), SYSTEM);
        assertThat(candidates)
                .containsExactly(
                        new LibraryLocation("/opt/impersonate/libcurl.so", LibcurlOrigin.PROPERTY, null, Map.of()));
        assertThat(temp.resolve("cache")).as("nothing extracted").doesNotExist();
    }

    @Test
    void aBundledLibraryIsExtractedAndIsTheOnlyCandidate() throws IOException {
        FakeBundle bundle = FakeBundle.ofSystemLibcurl(temp.resolve("classpath"));
        List<LibraryLocation> candidates =
                LibraryChooser.candidates(null, bundle.classLoader(), FakeBundle.DIRECTORY, cache(), SYSTEM);
        assertThat(candidates).singleElement().satisfies(location -> {
            assertThat(location.origin()).isEqualTo(LibcurlOrigin.BUNDLED);
            assertThat(location.name())
                    .isEqualTo(temp.resolve("cache")
                            .resolve(bundle.sha256)
                            .resolve("libcurl.so")
                            .toString());
            assertThat(location.source()).endsWith(FakeBundle.DIRECTORY + "libcurl.so");
            assertThat(location.glibcFloor()).isEqualTo("2.34");
            assertThat(location.buildInfo()).containsEntry("curl.version", "7.88.1");
        });
    }

    @Test
    void withoutPropertyOrBundleTheSystemNamesAreTriedInOrder() throws IOException {
        FakeBundle bundle = FakeBundle.ofSystemLibcurl(temp.resolve("classpath"));
        assertThat(LibraryChooser.candidates("  ", bundle.classLoader(), null, cache(), SYSTEM))
                .as("no bundle directory for this platform")
                .extracting(LibraryLocation::name)
                .isEqualTo(SYSTEM);
        assertThat(LibraryChooser.candidates(
                        null, ClassLoader.getPlatformClassLoader(), FakeBundle.DIRECTORY, cache(), SYSTEM))
                .allSatisfy(location -> assertThat(location.origin()).isEqualTo(LibcurlOrigin.SYSTEM))
                .extracting(LibraryLocation::name)
                .isEqualTo(SYSTEM);
    }

    @Test
    void aDamagedBundleIsAnErrorThatNamesItAndSaysWhatToDo() throws IOException {
        FakeBundle bundle = FakeBundle.of(temp.resolve("classpath"), new byte[] {1}, Map.of());
        Files.delete(bundle.root.resolve(FakeBundle.DIRECTORY).resolve("libcurl.so.sha256"));
        assertThatThrownBy(() ->
                        LibraryChooser.candidates(null, bundle.classLoader(), FakeBundle.DIRECTORY, cache(), SYSTEM))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessageContaining(
                        "the bundled libcurl (" + FakeBundle.DIRECTORY + "libcurl.so) could not be " + "extracted")
                .hasMessageContaining("without its libcurl.so.sha256")
                .hasMessageContaining(FakeBundle.ARTIFACT)
                .hasCauseInstanceOf(IOException.class);
    }

    private NativeCache cache() {
        return new NativeCache(temp.resolve("cache"), warning -> {});
    }
}
