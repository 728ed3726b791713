package dev.curlmulti.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The libcurl a {@code multi-native-<platform>} artifact carries as class-path resources:
 * {@code META-INF/native/<platform>/libcurl.so}, {@code libcurl.so.sha256} (the lowercase hex
 * SHA-256 of the library) and {@code build-info.properties} ({@code curl.version},
 * {@code glibc.floor}, ...). This class only finds and reads the resources; {@link NativeCache}
 * puts the library on disk.
 *
 * <p>Immutable once found; the hash and the build facts are read in {@link #find}. Safe to share
 * between threads. Holds no open stream: {@link #open()} hands the caller one to close.
 */
public final class BundledLibcurl {
    static final String LIBRARY = "libcurl.so";
    static final String SHA256 = "libcurl.so.sha256";
    static final String BUILD_INFO = "build-info.properties";
    private static final String ROOT = "META-INF/native/";

    private final ClassLoader loader;
    private final String directory;
    private final URL library;
    private final String sha256;
    private final Map<String, String> buildInfo;

    private BundledLibcurl(
            ClassLoader loader, String directory, URL library, String sha256, Map<String, String> buildInfo) {
        this.loader = loader;
        this.directory = directory;
        this.library = library;
        this.sha256 = sha256;
        this.buildInfo = buildInfo;
    }

    /**
     * The resource directory for a platform, from the {@code os.name} and {@code os.arch} Java
     * reports: {@code META-INF/native/linux-x86_64/} or {@code .../linux-aarch64/}; empty for any
     * other (no artifact is built for it).
     */
    public static Optional<String> platformDirectory(String osName, String osArch) {
        if (osName == null || osArch == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Optional.of(ROOT + "linux-x86_64/");
            case "aarch64", "arm64" -> Optional.of(ROOT + "linux-aarch64/");
            default -> Optional.empty();
        };
    }

    /** The bundled libcurl for the running platform, if its artifact is on {@code loader}'s class path. */
    public static Optional<BundledLibcurl> find(ClassLoader loader) throws IOException {
        Optional<String> directory = platformDirectory(System.getProperty("os.name"), System.getProperty("os.arch"));
        return directory.isEmpty() ? Optional.empty() : find(loader, directory.get());
    }

    /**
     * The bundled libcurl under {@code directory} (ending in {@code /}) if {@code loader} has one.
     *
     * @throws IOException the library is there but its hash file is missing or not a SHA-256, or a
     *                     resource cannot be read: the artifact is damaged
     */
    public static Optional<BundledLibcurl> find(ClassLoader loader, String directory) throws IOException {
        URL library = loader.getResource(directory + LIBRARY);
        if (library == null) {
            return Optional.empty();
        }
        return Optional.of(new BundledLibcurl(
                loader, directory, library, readSha256(loader, directory), readBuildInfo(loader, directory)));
    }

    private static String readSha256(ClassLoader loader, String directory) throws IOException {
        try (InputStream in = loader.getResourceAsStream(directory + SHA256)) {
            if (in == null) {
                throw new IOException(directory + LIBRARY + " is on the class path without its " + SHA256);
            }
            // One line of hex; sha256sum's "<hash>  <file>" form is accepted too.
            String text = new String(in.readNBytes(4096), StandardCharsets.US_ASCII).trim();
            String hash = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IOException(directory + SHA256 + " does not hold a SHA-256 in hex: " + abbreviate(text));
            }
            return hash;
        }
    }

    private static Map<String, String> readBuildInfo(ClassLoader loader, String directory) throws IOException {
        Map<String, String> info = new TreeMap<>();
        try (InputStream in = loader.getResourceAsStream(directory + BUILD_INFO)) {
            if (in == null) {
                return Map.of();
            }
            Properties properties = new Properties();
            try (Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties
                    .stringPropertyNames()
                    .forEach(key -> info.put(key, properties.getProperty(key).trim()));
        }
        return Collections.unmodifiableMap(info);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    /** The lowercase hex SHA-256 the library must have; also names its cache directory. */
    public String sha256() {
        return sha256;
    }

    /** The keys and values of {@code build-info.properties} (empty when the artifact has none), sorted. */
    public Map<String, String> buildInfo() {
        return buildInfo;
    }

    /** Where the library resource is, for messages: usually a {@code jar:file:...!/META-INF/...} URL. */
    public String source() {
        return library.toString();
    }

    /** The library's bytes; the caller closes the stream. */
    public InputStream open() throws IOException {
        InputStream in = loader.getResourceAsStream(directory + LIBRARY);
        if (in == null) {
            throw new IOException(source() + " disappeared from the class path");
        }
        return in;
    }
}
