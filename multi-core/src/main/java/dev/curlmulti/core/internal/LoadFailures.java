package dev.curlmulti.core.internal;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The errors a bundled libcurl's load ends in, worded so a user knows what to do. Shared by both
 * bindings: each passes the dynamic linker's own message. Stateless.
 */
public final class LoadFailures {
    private static final Pattern PLATFORM = Pattern.compile("META-INF/native/([^/]+)/");

    private LoadFailures() {}

    /**
     * {@code dlopen} refused the bundled library. A missing glibc symbol version (the linker's
     * message names {@code GLIBC_x.y}) means this system's glibc is older than the one the build
     * needs ({@code glibc.floor} in its build info); anything else is reported with the file's name.
     *
     * @param reason the dynamic linker's message, or null when the binding could not learn it
     * @param cause  the binding's own error, kept as the cause
     */
    public static UnsatisfiedLinkError bundled(LibraryLocation location, String reason, Throwable cause) {
        String why = reason == null
                ? "no reason given"
                : reason.replaceAll("\\s*\\n\\s*", "; ").trim();
        String artifact = artifactName(location.source());
        String instead = "remove the " + artifact + " artifact from the class path, or set -D"
                + LibraryChooser.LIBRARY_PROPERTY + "=libcurl.so.4 (or the path of a libcurl.so "
                + LibraryInfo.MINIMUM_VERSION + " or newer; Debian/Ubuntu: apt-get install libcurl4)";
        String message;
        if (why.contains("GLIBC_")) {
            String floor = location.glibcFloor();
            message = "the bundled libcurl " + location.name() + " (from " + location.source() + ") needs glibc "
                    + (floor == null ? "newer than this system's" : floor + " or newer")
                    + ", and this system's glibc is older (" + why + "). Use the system's libcurl instead: "
                    + instead + ".";
        } else {
            message = "the bundled libcurl " + location.name() + " (from " + location.source()
                    + ") could not be loaded: " + why + ". curl-multi does not fall back to another libcurl "
                    + "when the bundled one is on the class path. If the cache's file system is mounted noexec, "
                    + "set -D" + NativeCache.ROOT_PROPERTY + " to a directory on another one; to use the system's "
                    + "libcurl, " + instead + ".";
        }
        UnsatisfiedLinkError error = new UnsatisfiedLinkError(message);
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }

    /** The bundled library's resources are damaged, or no directory could take the library. */
    static UnsatisfiedLinkError notExtracted(String bundleDirectory, IOException cause) {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError("the bundled libcurl (" + bundleDirectory
                + BundledLibcurl.LIBRARY + ") could not be extracted: " + cause.getMessage() + ". Set -D"
                + NativeCache.ROOT_PROPERTY + " to a writable directory, replace the "
                + artifactName(bundleDirectory) + " jar if it is damaged, or remove it to use the system's libcurl.");
        error.initCause(cause);
        return error;
    }

    /** {@code multi-native-linux-x86_64} for a resource under {@code META-INF/native/linux-x86_64/}. */
    static String artifactName(String resource) {
        Matcher matcher = PLATFORM.matcher(resource == null ? "" : resource);
        return matcher.find() ? "multi-native-" + matcher.group(1) : "multi-native-<platform>";
    }
}
