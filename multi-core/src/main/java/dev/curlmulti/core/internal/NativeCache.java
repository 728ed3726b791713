package dev.curlmulti.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Puts a {@link BundledLibcurl} on disk where {@code dlopen} can open it:
 * {@code <root>/<sha256>/libcurl.so}, the root being the system property {@value #ROOT_PROPERTY},
 * else {@code $XDG_CACHE_HOME/curl-multi/native}, else {@code ~/.cache/curl-multi/native}.
 *
 * <p>A file already there is used only when its SHA-256 matches (checked once per JVM, when the
 * library is loaded); a corrupt, truncated or foreign file is replaced. The library is written to
 * a temporary file in the same directory, checked, then renamed into place atomically, so JVMs
 * starting at once never see a partial file: if another one placed a valid file first, that one
 * is used. When the cache cannot be written, the library goes to a fresh temporary directory
 * deleted on exit, and a warning names the directory that failed.
 *
 * <p><b>Threading:</b> {@link #install} may run in several threads and processes at once; the
 * instance itself holds no mutable state.
 */
public final class NativeCache {
    /** The system property naming the cache root. */
    public static final String ROOT_PROPERTY = "dev.curlmulti.nativeCache";

    static final String FILE_NAME = "libcurl.so";

    private final Path root;
    private final Consumer<String> warnings;

    /**
     * @param root     the cache root, each library in a directory named by its hash; null: none, use a
     *                 temporary directory
     * @param warnings where the fallback to a temporary directory is reported (a WARN log in production)
     */
    public NativeCache(Path root, Consumer<String> warnings) {
        this.root = root;
        this.warnings = warnings;
    }

    /**
     * The cache root from the property, {@code XDG_CACHE_HOME} or the home directory, as the class
     * explains; null when none names one (a user without a home directory: {@code user.home} is
     * {@code ?} then), and {@link #install} goes to a temporary directory.
     */
    public static Path defaultRoot(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String configured = properties.apply(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        // The XDG spec says to ignore a relative XDG_CACHE_HOME.
        String xdg = environment.apply("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "curl-multi", "native");
        }
        String home = properties.apply("user.home");
        if (home == null || home.isBlank() || !Path.of(home).isAbsolute()) {
            return null; // never a relative path: that would put the cache in the working directory
        }
        return Path.of(home, ".cache", "curl-multi", "native");
    }

    /**
     * The path of a verified copy of {@code bundle}'s library: in the cache, or in a temporary
     * directory when the cache cannot be used.
     *
     * @throws IOException the resource does not match its own hash (the artifact is damaged), or
     *                     not even a temporary directory could take it
     */
    public Path install(BundledLibcurl bundle) throws IOException {
        if (root == null) {
            return installForThisRun(bundle, "curl-multi has no native cache directory (no home directory)");
        }
        Path directory = root.resolve(bundle.sha256());
        try {
            return installIn(directory, bundle);
        } catch (DamagedBundleException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return installForThisRun(
                    bundle, "curl-multi cannot use the native cache directory " + directory + " (" + e + ")");
        }
    }

    private Path installForThisRun(BundledLibcurl bundle, String problem) throws IOException {
        Path temporary = Files.createTempDirectory("curl-multi-native-");
        temporary.toFile().deleteOnExit();
        warnings.accept(problem + "; the bundled libcurl goes to " + temporary + " for this run instead. Set -D"
                + ROOT_PROPERTY + " to a writable directory to keep it between runs.");
        Path file = installIn(temporary, bundle);
        // Registered after the directory, so it is deleted first on exit.
        file.toFile().deleteOnExit();
        return file;
    }

    private static Path installIn(Path directory, BundledLibcurl bundle) throws IOException {
        Path target = directory.resolve(FILE_NAME);
        if (matches(target, bundle.sha256())) {
            return target;
        }
        createPrivateDirectories(directory);
        Path part = Files.createTempFile(directory, FILE_NAME + ".", ".part");
        try {
            String written;
            try (InputStream in = bundle.open();
                    OutputStream out = Files.newOutputStream(part)) {
                written = copyHashing(in, out);
            }
            if (!written.equals(bundle.sha256())) {
                throw new DamagedBundleException(bundle.source() + " has SHA-256 " + written + ", but its "
                        + BundledLibcurl.SHA256 + " says " + bundle.sha256() + ": the artifact is damaged");
            }
            if (matches(target, bundle.sha256())) {
                return target; // another JVM placed it while this one was writing
            }
            // rename(2): replaces a corrupt file in one step, and a reader sees the old file or the new one.
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename atomically in " + directory, e);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Only the user may write the library's directory: a file others could swap would run in this process. */
    private static void createPrivateDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory.getParent());
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(directory);
            return;
        }
        try {
            Files.createDirectory(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
            // else another JVM made it in the meantime
        }
    }

    /** Whether {@code file} is a regular file with this SHA-256. */
    static boolean matches(Path file, String sha256) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return copyHashing(in, OutputStream.nullOutputStream()).equals(sha256);
        }
    }

    private static String copyHashing(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = sha256();
        try (DigestInputStream hashing = new DigestInputStream(in, digest)) {
            hashing.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The resource's bytes do not match its hash file: no other directory would help. */
    static final class DamagedBundleException extends IOException {
        private static final long serialVersionUID = 1L;

        DamagedBundleException(String message) {
            super(message);
        }
    }
}
