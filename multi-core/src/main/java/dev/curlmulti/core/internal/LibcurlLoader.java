package dev.curlmulti.core.internal;

import dev.curlmulti.core.LibcurlOrigin;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads libcurl for a binding: this class alone decides how the candidates {@link LibraryChooser}
 * names are tried, what a failure says, whether the opened library is new enough
 * ({@link LibraryInfo#MINIMUM_VERSION}), and that {@code curl_global_init} runs before any handle.
 * A binding passes only its {@link OpenedLibrary.Opener}: it opens a file and makes raw calls, it
 * decides nothing.
 *
 * <p>The rules: the property's library is the only candidate, and so is the bundled one (whose
 * failure is explained by {@link LoadFailures}, never a switch to another libcurl); the system's
 * names are tried in order until one opens. Stateless; each binding calls {@link #load} once, and
 * keeps the {@link LoadedLibcurl} for the life of the process.
 */
public final class LibcurlLoader {
    /** {@code CURL_GLOBAL_ALL}: SSL and, on Windows, Winsock, as libcurl's own tool asks. */
    private static final long CURL_GLOBAL_ALL = 3;

    private LibcurlLoader() {}

    /**
     * Opens the chosen libcurl, refuses one that is too old, runs {@code curl_global_init} and logs
     * the INFO line. Never throws: a failure is kept in the result and thrown on every use.
     *
     * @param binding what the binding is called in the log line, for example {@code JNA 5.18.1}
     */
    public static <L extends OpenedLibrary> LoadedLibcurl<L> load(OpenedLibrary.Opener<L> opener, String binding) {
        try {
            Opened<L> opened = open(opener);
            VersionInfoReader.VersionInfo version = VersionInfoReader.read(opened.library());
            String file = opened.library().file();
            requireMinimum(version.version(), version.versionNum(), file);
            int rc = opened.library().globalInit(CURL_GLOBAL_ALL);
            if (rc != 0) {
                throw new IllegalStateException("curl_global_init failed: code " + rc);
            }
            LibraryLocation location = opened.location();
            LibraryInfo info = new LibraryInfo(
                    version.version(),
                    version.versionNum(),
                    version.host(),
                    version.sslVersion(),
                    version.libzVersion(),
                    version.features(),
                    version.protocols(),
                    file,
                    location.origin(),
                    location.buildInfo(),
                    SystemCaBundle.forOrigin(location.origin()));
            LibraryLog.loaded(info, binding);
            return LoadedLibcurl.loaded(opened.library(), info);
        } catch (Throwable e) {
            return LoadedLibcurl.failed(e);
        }
    }

    /** An opened library and the candidate it was opened from. */
    public record Opened<L extends OpenedLibrary>(L library, LibraryLocation location) {}

    /**
     * Opens the first candidate that opens, without checking or initialising it.
     *
     * @throws UnsatisfiedLinkError none opens, with a message that says what to install or set
     */
    public static <L extends OpenedLibrary> Opened<L> open(OpenedLibrary.Opener<L> opener) {
        List<LibraryLocation> candidates = LibraryChooser.candidates();
        List<String> problems = new ArrayList<>();
        OpenedLibrary.OpenFailure last = null;
        for (LibraryLocation candidate : candidates) {
            try {
                return new Opened<>(opener.open(candidate.name()), candidate);
            } catch (OpenedLibrary.OpenFailure e) {
                if (candidate.origin() == LibcurlOrigin.BUNDLED) {
                    throw LoadFailures.bundled(candidate, e.linkerReason(), e.getCause() != null ? e.getCause() : e);
                }
                problems.add(e.getMessage());
                last = e;
            }
        }
        UnsatisfiedLinkError error = new UnsatisfiedLinkError("libcurl could not be loaded (tried "
                + candidates.stream().map(LibraryLocation::name).toList() + "): " + String.join("; ", problems)
                + ". Install libcurl " + LibraryInfo.MINIMUM_VERSION + " or newer (Debian/Ubuntu: apt-get install "
                + "libcurl4) or point -D" + LibraryChooser.LIBRARY_PROPERTY + "=/path/to/libcurl.so at one.");
        if (last != null) {
            error.initCause(last.getCause() != null ? last.getCause() : last);
        }
        throw error;
    }

    /**
     * Refuses a libcurl older than {@link LibraryInfo#MINIMUM_VERSION}, before anything is bound to it.
     *
     * @throws UnsatisfiedLinkError naming the library, its version and the minimum
     */
    static void requireMinimum(String version, int versionNum, String file) {
        if (Integer.compareUnsigned(versionNum, LibraryInfo.MINIMUM_VERSION_NUM) < 0) {
            throw new UnsatisfiedLinkError("libcurl " + version + " at " + file + " is too old: curl-multi needs "
                    + LibraryInfo.MINIMUM_VERSION + " or newer");
        }
    }
}
