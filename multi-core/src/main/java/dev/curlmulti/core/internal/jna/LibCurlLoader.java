package dev.curlmulti.core.internal.jna;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import dev.curlmulti.core.internal.LibraryInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds and opens the libcurl shared library, and refuses one that is too old before any
 * function is bound to it (binding a missing symbol would otherwise fail with an obscure
 * {@link UnsatisfiedLinkError} deep inside JNA).
 *
 * <p>The library is taken from the system property {@value #LIBRARY_PROPERTY} (a file path or a
 * library name, for example a curl-impersonate build), else found by JNA's normal search for
 * {@code curl} (on Debian {@code libcurl.so.4} from the {@code libcurl4} package).
 */
final class LibCurlLoader {
    /** System property naming the libcurl file or library name to load. */
    static final String LIBRARY_PROPERTY = "dev.curlmulti.libcurl";
    static final int MINIMUM_VERSION_NUM = LibraryInfo.MINIMUM_VERSION_NUM;
    static final String MINIMUM_VERSION = LibraryInfo.MINIMUM_VERSION;

    private LibCurlLoader() {
    }

    /** Opens the library or throws an {@link UnsatisfiedLinkError} that says what to do. */
    static NativeLibrary open() {
        if (Native.POINTER_SIZE != 8) {
            throw new UnsatisfiedLinkError("curl-multi needs a 64-bit JVM (LP64: x86-64 or aarch64); "
                    + "this one has " + (Native.POINTER_SIZE * 8) + "-bit pointers");
        }
        Map<String, Object> options = Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");
        String requested = System.getProperty(LIBRARY_PROPERTY);
        List<String> candidates = new ArrayList<>();
        if (requested != null && !requested.isBlank()) {
            candidates.add(requested.trim());
        } else {
            candidates.add("curl");
            candidates.add("libcurl.so.4");
        }
        UnsatisfiedLinkError last = null;
        for (String candidate : candidates) {
            try {
                NativeLibrary library = NativeLibrary.getInstance(candidate, options);
                checkVersion(library);
                return library;
            } catch (UnsatisfiedLinkError e) {
                last = e;
                if (requested != null) {
                    break;
                }
            }
        }
        UnsatisfiedLinkError error = new UnsatisfiedLinkError("libcurl could not be loaded (tried "
                + candidates + "): " + (last == null ? "" : last.getMessage())
                + ". Install libcurl " + MINIMUM_VERSION + " or newer (Debian/Ubuntu: apt-get install libcurl4) "
                + "or point -D" + LIBRARY_PROPERTY + "=/path/to/libcurl.so at one.");
        if (last != null) {
            error.initCause(last);
        }
        throw error;
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
