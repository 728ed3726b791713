package dev.curlmulti.core.internal;

import dev.curlmulti.core.LibcurlOrigin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This class alone decides which libcurl the process opens, whatever the binding. The candidates,
 * in this order:
 * <ol>
 *   <li>the file or library name in the system property {@value #LIBRARY_PROPERTY}, when set;</li>
 *   <li>else the bundled libcurl, when a {@code multi-native-<platform>} artifact is on the class
 *       path: extracted to the {@link NativeCache} and opened by its path. It is the only
 *       candidate: a user who added the artifact asked for that build, so a bundled library that
 *       fails to load is an error that says why, never a silent switch to another libcurl;</li>
 *   <li>else the system's libcurl, by the names in {@link #SYSTEM_NAMES}, as the dynamic linker
 *       finds them.</li>
 * </ol>
 * {@link LibcurlLoader} tries them. Stateless; called once per binding, when the library is first
 * loaded (extraction does file I/O).
 */
public final class LibraryChooser {
    /** The system property naming the libcurl file (or library name) to load instead of any other. */
    public static final String LIBRARY_PROPERTY = "dev.curlmulti.libcurl";
    /**
     * The system's libcurl, as the dynamic linker is asked for it: the runtime package's soname
     * first (Debian's libcurl4, Fedora's libcurl), then the development link, then macOS's names.
     */
    static final List<String> SYSTEM_NAMES = List.of("libcurl.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib");

    private static final Logger LOG = LoggerFactory.getLogger(NativeBinding.class);

    private LibraryChooser() {}

    /**
     * The libraries to try in order, each to be opened with the binding's own loader.
     *
     * @throws UnsatisfiedLinkError the bundled library is on the class path but cannot be extracted
     */
    static List<LibraryLocation> candidates() {
        ClassLoader loader = LibraryChooser.class.getClassLoader();
        Optional<String> directory =
                BundledLibcurl.platformDirectory(System.getProperty("os.name"), System.getProperty("os.arch"));
        NativeCache cache = new NativeCache(NativeCache.defaultRoot(System::getProperty, System::getenv), LOG::warn);
        return candidates(
                System.getProperty(LIBRARY_PROPERTY),
                loader == null ? ClassLoader.getSystemClassLoader() : loader,
                directory.orElse(null),
                cache,
                SYSTEM_NAMES);
    }

    /**
     * {@link #candidates()} with its inputs given: the property's value (or null), where to look
     * for the bundled resources ({@code bundleDirectory} null: none for this platform), and the cache.
     */
    static List<LibraryLocation> candidates(
            String requested, ClassLoader loader, String bundleDirectory, NativeCache cache, List<String> systemNames) {
        if (requested != null && !requested.isBlank()) {
            return List.of(LibraryLocation.property(requested.trim()));
        }
        if (bundleDirectory != null) {
            Optional<BundledLibcurl> bundled;
            try {
                bundled = BundledLibcurl.find(loader, bundleDirectory);
                if (bundled.isPresent()) {
                    Path file = cache.install(bundled.get());
                    return List.of(new LibraryLocation(
                            file.toString(),
                            LibcurlOrigin.BUNDLED,
                            bundled.get().source(),
                            bundled.get().buildInfo()));
                }
            } catch (IOException e) {
                throw LoadFailures.notExtracted(bundleDirectory, e);
            }
        }
        return systemNames.stream().map(LibraryLocation::system).toList();
    }
}
