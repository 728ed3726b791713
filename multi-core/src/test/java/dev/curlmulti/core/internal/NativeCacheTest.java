package dev.curlmulti.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled library reaches disk verified, whatever the cache directory already holds. */
class NativeCacheTest {
    @TempDir
    Path temp;

    private FakeBundle bundle;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void bundle() throws IOException {
        bundle = FakeBundle.ofSystemLibcurl(temp.resolve("classpath"));
    }

    @Test
    void theLibraryIsExtractedIntoADirectoryNamedByItsHash() throws IOException {
        Path cache = temp.resolve("cache");
        Path file = new NativeCache(cache, warnings::add).install(bundle.find());
        assertThat(file).isEqualTo(cache.resolve(bundle.sha256).resolve("libcurl.so"));
        assertThat(Files.readAllBytes(file)).isEqualTo(bundle.library);
        assertThat(Files.list(file.getParent()))
                .as("no temporary file left behind")
                .containsExactly(file);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aValidCachedFileIsUsedWithoutBeingWrittenAgain() throws IOException {
        NativeCache cache = new NativeCache(temp.resolve("cache"), warnings::add);
        Path file = cache.install(bundle.find());
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, old);
        assertThat(cache.install(bundle.find())).isEqualTo(file);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
    }

    @Test
    void aTruncatedCachedFileIsReplaced() throws IOException {
        Path file = placeInCache(Arrays.copyOf(bundle.library, bundle.library.length / 2));
        assertThat(new NativeCache(temp.resolve("cache"), warnings::add).install(bundle.find()))
                .isEqualTo(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(bundle.library);
    }

    @Test
    void aCorruptCachedFileOfTheSameSizeIsReplaced() throws IOException {
        byte[] corrupt = bundle.library.clone();
        corrupt[corrupt.length / 2] ^= 0x55;
        Path file = placeInCache(corrupt);
        new NativeCache(temp.resolve("cache"), warnings::add).install(bundle.find());
        assertThat(Files.readAllBytes(file)).isEqualTo(bundle.library);
    }

    @Test
    void aForeignFileInTheCacheIsReplaced() throws IOException {
        // Another architecture's build, or anything else that is not these bytes.
        Path file = placeInCache(Files.readAllBytes(Path.of("/bin/true")));
        new NativeCache(temp.resolve("cache"), warnings::add).install(bundle.find());
        assertThat(Files.readAllBytes(file)).isEqualTo(bundle.library);
    }

    @Test
    void anUnwritableCacheFallsBackToATemporaryDirectoryAndSaysWhichDirectoryFailed() throws IOException {
        // Under a regular file nothing can be created, even by root (these tests may run as root).
        Path blocker = Files.writeString(temp.resolve("a-file"), "not a directory");
        Path cache = blocker.resolve("sub");
        Path file = new NativeCache(cache, warnings::add).install(bundle.find());
        assertThat(file.startsWith(blocker)).isFalse();
        assertThat(file.getFileName()).hasToString("libcurl.so");
        assertThat(Files.readAllBytes(file)).isEqualTo(bundle.library);
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains(cache.resolve(bundle.sha256).toString())
                .contains(file.getParent().toString())
                .contains(NativeCache.ROOT_PROPERTY);
    }

    @Test
    void aResourceThatDoesNotMatchItsHashIsRefusedWithoutAFallback() throws IOException {
        FakeBundle damaged = FakeBundle.withHash(temp.resolve("damaged"), bundle.library, "0".repeat(64), Map.of());
        Path cache = temp.resolve("cache");
        assertThatThrownBy(() -> new NativeCache(cache, warnings::add).install(damaged.find()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("0".repeat(64))
                .hasMessageContaining(bundle.sha256)
                .hasMessageContaining("damaged");
        assertThat(warnings).isEmpty();
        assertThat(Files.list(cache.resolve("0".repeat(64))))
                .as("no part file left behind")
                .isEmpty();
    }

    @Test
    void theCacheRootIsThePropertyElseXdgCacheHomeElseTheHomeDirectorysCache() {
        Map<String, String> properties = Map.of(NativeCache.ROOT_PROPERTY, "/srv/cache", "user.home", "/home/u");
        assertThat(NativeCache.defaultRoot(properties::get, Map.of("XDG_CACHE_HOME", "/x")::get))
                .isEqualTo(Path.of("/srv/cache"));
        Map<String, String> home = Map.of("user.home", "/home/u");
        assertThat(NativeCache.defaultRoot(home::get, Map.of("XDG_CACHE_HOME", "/x")::get))
                .isEqualTo(Path.of("/x/curl-multi/native"));
        assertThat(NativeCache.defaultRoot(home::get, Map.of("XDG_CACHE_HOME", "relative")::get))
                .as("a relative XDG_CACHE_HOME is ignored, as the XDG spec says")
                .isEqualTo(Path.of("/home/u/.cache/curl-multi/native"));
        assertThat(NativeCache.defaultRoot(home::get, Map.<String, String>of()::get))
                .isEqualTo(Path.of("/home/u/.cache/curl-multi/native"));
        assertThat(NativeCache.defaultRoot(Map.of("user.home", "?")::get, Map.<String, String>of()::get))
                .as("a user without a home directory has no cache, never one in the working directory")
                .isNull();
    }

    @Test
    void withoutACacheRootTheLibraryGoesToATemporaryDirectoryWithAWarning() throws IOException {
        Path file = new NativeCache(null, warnings::add).install(bundle.find());
        assertThat(Files.readAllBytes(file)).isEqualTo(bundle.library);
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("no native cache directory")
                .contains(file.getParent().toString());
    }

    private Path placeInCache(byte[] content) throws IOException {
        Path directory = Files.createDirectories(temp.resolve("cache").resolve(bundle.sha256));
        return Files.write(directory.resolve("libcurl.so"), content);
    }
}
