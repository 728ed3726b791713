package dev.curlmulti.core.internal.jna;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import dev.curlmulti.core.LibcurlOrigin;
import dev.curlmulti.core.internal.LibraryChooser;
import dev.curlmulti.core.internal.LibraryInfo;
import dev.curlmulti.core.internal.LibraryLocation;
import dev.curlmulti.core.internal.LoadFailures;

import java.util.List;
import java.util.Map;

/**
 * Finds and opens the libcurl shared library, and refuses one that is too old before any
 * function is bound to it (binding a missing symbol would otherwise fail with an obscure
 * {@link UnsatisfiedLinkError} deep inside JNA).
 *
 * <p>The library is the one {@link LibraryChooser} picks: the system property
 * {@value #LIBRARY_PROPERTY} (a file path or a library name, for example a curl-impersonate
 * build), else the bundled libcurl when its artifact is on the class path, else JNA's normal
 * search for {@code curl} (on Debian {@code libcurl.so.4} from the {@code libcurl4} package).
 * Called once, from {@link LibCurl}'s class initialisation.
 */
final class LibCurlLoader {
    /** System property naming the libcurl file or library name to load. */
    static final String LIBRARY_PROPERTY = LibraryChooser.LIBRARY_PROPERTY;
    static final int MINIMUM_VERSION_NUM = LibraryInfo.MINIMUM_VERSION_NUM;
    static final String MINIMUM_VERSION = LibraryInfo.MINIMUM_VERSION;

    /** The opened library and where it was chosen from. */
    record Loaded(NativeLibrary library, LibraryLocation location) {
    }

    private LibCurlLoader() {
    }

    /** Opens the library or throws an {@link UnsatisfiedLinkError} that says what to do. */
    static Loaded open() {
        if (Native.POINTER_SIZE != 8) {
            throw new UnsatisfiedLinkError("curl-multi needs a 64-bit JVM (LP64: x86-64 or aarch64); "
                    + "this one has " + (Native.POINTER_SIZE * 8) + "-bit pointers");
        }
        Map<String, Object> options = Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");
        List<LibraryLocation> candidates = LibraryChooser.candidates(List.of("curl", "libcurl.so.4"));
        UnsatisfiedLinkError last = null;
        for (LibraryLocation candidate : candidates) {
            try {
                NativeLibrary library = NativeLibrary.getInstance(candidate.name(), options);
                checkVersion(library);
                return new Loaded(library, candidate);
            } catch (UnsatisfiedLinkError e) {
                if (candidate.origin() == LibcurlOrigin.BUNDLED) {
                    throw LoadFailures.bundled(candidate, linkerMessage(e), e);
                }
                last = e;
                if (candidate.origin() == LibcurlOrigin.PROPERTY) {
                    break;
                }
            }
        }
        UnsatisfiedLinkError error = new UnsatisfiedLinkError("libcurl could not be loaded (tried "
                + candidates.stream().map(LibraryLocation::name).toList() + "): "
                + (last == null ? "" : last.getMessage())
                + ". Install libcurl " + MINIMUM_VERSION + " or newer (Debian/Ubuntu: apt-get install libcurl4) "
                + "or point -D" + LIBRARY_PROPERTY + "=/path/to/libcurl.so at one.");
        if (last != null) {
            error.initCause(last);
        }
        throw error;
    }

    /** JNA's message repeats the linker's once per place it looked; its first suppressed error is the linker's. */
    private static String linkerMessage(UnsatisfiedLinkError e) {
        Throwable[] suppressed = e.getSuppressed();
        return suppressed.length > 0 && suppressed[0].getMessage() != null ? suppressed[0].getMessage()
                : e.getMessage();
    }

    private static void checkVersion(NativeLibrary library) {
        Function versionInfo = library.getFunction("curl_version_info");
        // CURLVERSION_NOW is what the caller was built for; age 0 fields are all we read here.
        Pointer info = (Pointer) versionInfo.invoke(Pointer.class, new Object[] {0});
        // struct curl_version_info_data: int age; const char *version; unsigned int version_num; ...
        String version = info.getPointer(8).getString(0, "US-ASCII");
        int versionNum = info.getInt(16);
        requireMinimum(version, versionNum, String.valueOf(library.getFile()));
    }

    static void requireMinimum(String version, int versionNum, String file) {
        if (Integer.compareUnsigned(versionNum, MINIMUM_VERSION_NUM) < 0) {
            throw new UnsatisfiedLinkError("libcurl " + version + " at " + file
                    + " is too old: curl-multi needs " + MINIMUM_VERSION + " or newer");
        }
    }
}
