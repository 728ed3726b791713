package dev.curlmulti.core.internal.ffm;

import dev.curlmulti.core.LibcurlOrigin;
import dev.curlmulti.core.internal.LibraryChooser;
import dev.curlmulti.core.internal.LibraryInfo;
import dev.curlmulti.core.internal.LibraryLocation;
import dev.curlmulti.core.internal.LibraryLog;
import dev.curlmulti.core.internal.LoadFailures;
import dev.curlmulti.core.internal.SystemCaBundle;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds and opens libcurl for the FFM binding, refuses one older than
 * {@link LibraryInfo#MINIMUM_VERSION} before binding anything else, and runs
 * {@code curl_global_init} once. The library is the one {@link LibraryChooser} picks: the file or
 * name in the system property {@value #LIBRARY_PROPERTY}, else the bundled libcurl when its
 * artifact is on the class path, else {@code libcurl.so.4} (then {@code libcurl.so}) as the dynamic
 * linker finds it. A failure is remembered and reported with the same message on every use.
 * Made once, by the {@link FfmBinding}; immutable afterwards.
 */
final class FfmLibrary {
    static final String LIBRARY_PROPERTY = LibraryChooser.LIBRARY_PROPERTY;
    private static final long CURL_GLOBAL_ALL = 3;
    private static final String[] FEATURE_BITS = {
        "IPv6", "Kerberos4", "SSL", "libz", "NTLM", "GSS-Negotiate", "Debug", "AsynchDNS", "SPNEGO",
        "Largefile", "IDN", "SSPI", "CharConv", "TrackMemory", "TLS-SRP", "NTLM_WB", "HTTP2", "GSS-API",
        "Kerberos", "UnixSockets", "PSL", "HTTPS-proxy", "MultiSSL", "brotli", "alt-svc", "HTTP3", "zstd",
        "Unicode", "HSTS", "gsasl", "threadsafe"
    };

    final SymbolLookup lookup;
    private final LibraryInfo info;
    private final Throwable failure;

    FfmLibrary() {
        SymbolLookup found = null;
        LibraryInfo read = null;
        Throwable problem = null;
        try {
            List<LibraryLocation> candidates = LibraryChooser.candidates(
                    List.of("libcurl.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib"));
            Opened opened = open(candidates);
            found = opened.lookup();
            read = readInfo(found, opened.location());
            MethodHandle init = Native.function(found, "curl_global_init",
                    Native.returning(Native.INT, Native.C_LONG), false);
            int rc = (int) init.invokeExact(CURL_GLOBAL_ALL);
            if (rc != 0) {
                throw new IllegalStateException("curl_global_init failed: code " + rc);
            }
        } catch (Throwable e) {
            problem = e;
        }
        lookup = found;
        info = read;
        failure = problem;
        if (problem == null) {
            LibraryLog.loaded(read, "FFM (Java " + Runtime.version().feature() + ")");
        }
    }

    private record Opened(SymbolLookup lookup, LibraryLocation location) {
    }

    /** The loaded library, or the loading error (an {@link UnsatisfiedLinkError} that says what to do). */
    LibraryInfo info() {
        if (failure != null) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError(
                    failure.getMessage() != null ? failure.getMessage() : failure.toString());
            error.initCause(failure);
            throw error;
        }
        return info;
    }

    private static Opened open(List<LibraryLocation> candidates) {
        List<String> problems = new ArrayList<>();
        for (LibraryLocation candidate : candidates) {
            try {
                return new Opened(SymbolLookup.libraryLookup(candidate.name(), Arena.global()), candidate);
            } catch (IllegalArgumentException e) {
                if (candidate.origin() == LibcurlOrigin.BUNDLED) {
                    // FFM says only "Cannot open library"; the linker's own words tell a too-old glibc.
                    String reason = DlopenReason.of(candidate.name());
                    throw LoadFailures.bundled(candidate, reason != null ? reason : e.getMessage(), e);
                }
                problems.add(e.getMessage());
            }
        }
        throw new UnsatisfiedLinkError("libcurl could not be loaded (tried "
                + candidates.stream().map(LibraryLocation::name).toList() + "): "
                + String.join("; ", problems) + ". Install libcurl " + LibraryInfo.MINIMUM_VERSION
                + " or newer (Debian/Ubuntu: apt-get install libcurl4) or point -D" + LIBRARY_PROPERTY
                + "=/path/to/libcurl.so at one.");
    }

    private static LibraryInfo readInfo(SymbolLookup lookup, LibraryLocation location) throws Throwable {
        MethodHandle versionInfo = Native.function(lookup, "curl_version_info",
                Native.returning(Native.POINTER, Native.INT), false);
        long address = (long) versionInfo.invokeExact(0);
        // struct curl_version_info_data (age 0 part, LP64): int age; char *version; unsigned version_num;
        // char *host; int features; char *ssl_version; long ssl_version_num; char *libz_version; char **protocols
        ByteBuffer data = MemorySegment.ofAddress(address).reinterpret(72).asByteBuffer()
                .order(ByteOrder.nativeOrder());
        String version = string(data.getLong(8));
        int versionNum = data.getInt(16);
        String file = location.name();
        if (Integer.compareUnsigned(versionNum, LibraryInfo.MINIMUM_VERSION_NUM) < 0) {
            throw new UnsatisfiedLinkError("libcurl " + version + " at " + file + " is too old: curl-multi needs "
                    + LibraryInfo.MINIMUM_VERSION + " or newer");
        }
        int featureBits = data.getInt(32);
        Set<String> features = new LinkedHashSet<>();
        for (int bit = 0; bit < FEATURE_BITS.length; bit++) {
            if ((featureBits & (1 << bit)) != 0) {
                features.add(FEATURE_BITS[bit]);
            }
        }
        List<String> protocols = new ArrayList<>();
        long names = data.getLong(64);
        if (names != 0) {
            ByteBuffer list = MemorySegment.ofAddress(names).reinterpret(8L * 256).asByteBuffer()
                    .order(ByteOrder.nativeOrder());
            for (int i = 0; i < 256 && list.getLong(8 * i) != 0; i++) {
                protocols.add(string(list.getLong(8 * i)));
            }
        }
        return new LibraryInfo(version, versionNum, string(data.getLong(24)), string(data.getLong(40)),
                string(data.getLong(56)), Collections.unmodifiableSet(features), List.copyOf(protocols), file,
                location.origin(), location.buildInfo(), SystemCaBundle.forOrigin(location.origin()));
    }

    static String string(long address) {
        return address == 0 ? null : MemorySegment.ofAddress(address).reinterpret(Long.MAX_VALUE).getString(0);
    }
}
