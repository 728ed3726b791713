package dev.curlmulti.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A class-path directory laid out as this platform's {@code multi-native-linux-*} jar is: a real
 * file as {@code META-INF/native/linux-<arch>/libcurl.so}, its SHA-256 and a
 * {@code build-info.properties}. The library is the system's libcurl (the real bundled build is
 * another artifact's job).
 */
final class FakeBundle {
    static final String DIRECTORY = BundledLibcurl.platformDirectory(
                    System.getProperty("os.name"), System.getProperty("os.arch"))
            .orElse("META-INF/native/linux-x86_64/");
    /** The artifact that would carry {@link #DIRECTORY}. */
    static final String ARTIFACT = "multi-native-" + DIRECTORY.split("/")[2];

    static final Path SYSTEM_LIBCURL = Stream.of(
                    "/usr/lib/x86_64-linux-gnu/libcurl.so.4",
                    "/usr/lib/aarch64-linux-gnu/libcurl.so.4",
                    "/usr/lib64/libcurl.so.4")
            .map(Path::of)
            .filter(Files::isRegularFile)
            .findFirst()
            .orElse(Path.of("/usr/lib/x86_64-linux-gnu/libcurl.so.4"));

    final Path root;
    final byte[] library;
    final String sha256;

    private FakeBundle(Path root, byte[] library, String sha256) {
        this.root = root;
        this.library = library;
        this.sha256 = sha256;
    }

    /** A bundle of {@code library} under {@code root}, with {@code buildInfo} and its true hash. */
    static FakeBundle of(Path root, byte[] library, Map<String, String> buildInfo) throws IOException {
        return withHash(root, library, sha256(library), buildInfo);
    }

    /** A bundle whose hash file says {@code sha256}, whatever the library's bytes are. */
    static FakeBundle withHash(Path root, byte[] library, String sha256, Map<String, String> buildInfo)
            throws IOException {
        Path directory = Files.createDirectories(root.resolve(DIRECTORY));
        Files.write(directory.resolve("libcurl.so"), library);
        Files.writeString(directory.resolve("libcurl.so.sha256"), sha256 + "\n");
        Files.writeString(
                directory.resolve("build-info.properties"),
                buildInfo.entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue() + "\n")
                        .collect(Collectors.joining()));
        return new FakeBundle(root, library, sha256);
    }

    /** The system's libcurl as a bundle, with the build facts a real one has. */
    static FakeBundle ofSystemLibcurl(Path root) throws IOException {
        return of(
                root,
                Files.readAllBytes(SYSTEM_LIBCURL),
                Map.of("curl.version", "7.88.1", "glibc.floor", "2.34", "openssl.version", "3.0.19"));
    }

    /** A class loader that sees only this bundle (its parent is the platform loader). */
    URLClassLoader classLoader() {
        try {
            return new URLClassLoader(new URL[] {root.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundle as {@link BundledLibcurl#find} reads it through a fresh class loader. */
    BundledLibcurl find() throws IOException {
        return BundledLibcurl.find(classLoader(), DIRECTORY).orElseThrow();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
