package dev.curlmulti.core.internal;

import dev.curlmulti.core.LibcurlOrigin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which libcurl each binding opens, in this order:
 * <ol>
 *   <li>the file or library name in the system property {@value #LIBRARY_PROPERTY}, when set;</li>
 *   <li>else the bundled libcurl, when a {@code multi-native-<platform>} artifact is on the class
 *       path: extracted to the {@link NativeCache} and opened by its path. It is the only
 *       candidate: a user who added the artifact asked for that build, so a bundled library that
 *       fails to load is an error that says why, never a silent switch to another libcurl;</li>
 *   <li>else the system's libcurl, by the names the binding passes, as the dynamic linker finds it.</li>
 * </ol>
 * Stateless; called once per binding, when the library is first loaded (extraction does file I/O).
 */
public final class LibraryChooser {
    /** The system property naming the libcurl file (or library name) to load instead of any other. */
    public static final String LIBRARY_PROPERTY = "dev.curlmulti.libcurl";
    private static final Logger LOG = LoggerFactory.getLogger(NativeBinding.class);

    private LibraryChooser() {
    }

    /**
     * The libraries to try in order, each to be opened with the binding's own loader.
     *
     * @param systemNames the names this binding tries for the system's libcurl
     * @throws UnsatisfiedLinkError the bundled library is on the class path but cannot be extracted
     */
    public static List<LibraryLocation> candidates(List<String> systemNames) {
        ClassLoader loader = LibraryChooser.class.getClassLoader();
        Optional<String> directory = BundledLibcurl.platformDirectory(System.getProperty("os.name"),
                System.getProperty("os.arch"));
        NativeCache cache = new NativeCache(NativeCache.defaultRoot(System::getProperty, System::getenv), LOG::warn);
        return candidates(System.getProperty(LIBRARY_PROPERTY), loader == null ? ClassLoader.getSystemClassLoader()
                : loader, directory.orElse(null), cache, systemNames);
    }

    /**
     * {@link #candidates(List)} with its inputs given: the property's value (or null), where to look
     * for the bundled resources ({@code bundleDirectory} null: none for this platform), and the cache.
     */
    static List<LibraryLocation> candidates(String requested, ClassLoader loader, String bundleDirectory,
                                            NativeCache cache, List<String> systemNames) {
        if (requested != null && !requested.isBlank()) {
            return List.of(LibraryLocation.property(requested.trim()));
        }
        if (bundleDirectory != null) {
            Optional<BundledLibcurl> bundled;
            try {
                bundled = BundledLibcurl.find(loader, bundleDirectory);
                if (bundled.isPresent()) {
                    Path file = cache.install(bundled.get());
                    return List.of(new LibraryLocation(file.toString(), LibcurlOrigin.BUNDLED,
                            bundled.get().source(), bundled.get().buildInfo()));
                }
            } catch (IOException e) {
                throw LoadFailures.notExtracted(bundleDirectory, e);
            }
        }
        return systemNames.stream().map(LibraryLocation::system).toList();
    }
}
