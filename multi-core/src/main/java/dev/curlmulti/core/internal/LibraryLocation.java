package dev.curlmulti.core.internal;

import dev.curlmulti.core.LibcurlOrigin;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One libcurl a binding tries to open: a file path or a library name for the dynamic linker,
 * where the choice came from, and, for the bundled library, the jar resource it was extracted
 * from and its {@code build-info.properties}. Immutable; chosen by {@link LibraryChooser}.
 *
 * @param name      what to hand {@code dlopen}: a path, or a name such as {@code libcurl.so.4}
 * @param origin    bundled, named by the system property, or the system's
 * @param source    for a bundled library the URL of the resource it was extracted from, else null
 * @param buildInfo the bundled library's build facts ({@code curl.version}, {@code glibc.floor}, ...);
 *                  empty for the others
 */
public record LibraryLocation(String name, LibcurlOrigin origin, String source, Map<String, String> buildInfo) {
    /** The key in {@code build-info.properties} naming the oldest glibc the bundled build runs on. */
    public static final String GLIBC_FLOOR = "glibc.floor";

    public LibraryLocation {
        // Sorted, so logs and CurlVersion list the keys in a stable order.
        buildInfo = Collections.unmodifiableMap(new TreeMap<>(buildInfo));
    }

    static LibraryLocation property(String name) {
        return new LibraryLocation(name, LibcurlOrigin.PROPERTY, null, Map.of());
    }

    static LibraryLocation system(String name) {
        return new LibraryLocation(name, LibcurlOrigin.SYSTEM, null, Map.of());
    }

    /** The oldest glibc the bundled build needs, or null when unknown. */
    public String glibcFloor() {
        return buildInfo.get(GLIBC_FLOOR);
    }
}
