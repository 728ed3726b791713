package dev.curlmulti.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import dev.curlmulti.core.internal.LibraryInfo;
import dev.curlmulti.core.internal.LibraryLocation;
import dev.curlmulti.core.internal.LibraryLog;
import dev.curlmulti.core.internal.SystemCaBundle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Process-wide libcurl state: loads the library, runs {@code curl_global_init} exactly once
 * (before any handle exists, as libcurl requires) and reads {@code curl_version_info}.
 *
 * <p>{@link #info()} is called by every handle constructor (through the binding). It is thread-safe
 * (class initialisation) and cheap after the first call. A failure to load is remembered and reported
 * with the same clear message on every later call instead of a bare {@code NoClassDefFoundError}.
 */
final class CurlGlobal {
    private static final long CURL_GLOBAL_ALL = 3;
    private static final String[] FEATURE_BITS = {
        "IPv6", "Kerberos4", "SSL", "libz", "NTLM", "GSS-Negotiate", "Debug", "AsynchDNS", "SPNEGO",
        "Largefile", "IDN", "SSPI", "CharConv", "TrackMemory", "TLS-SRP", "NTLM_WB", "HTTP2", "GSS-API",
        "Kerberos", "UnixSockets", "PSL", "HTTPS-proxy", "MultiSSL", "brotli", "alt-svc", "HTTP3", "zstd",
        "Unicode", "HSTS", "gsasl", "threadsafe"
    };

    private static final Throwable LOAD_FAILURE;
    private static final LibraryInfo INFO;

    static {
        Throwable failure = null;
        LibraryInfo info = null;
        try {
            int rc = LibCurl.curl_global_init(CURL_GLOBAL_ALL);
            if (rc != 0) {
                throw new IllegalStateException("curl_global_init failed: " + LibCurl.curl_easy_strerror(rc));
            }
            info = readInfo();
            LibraryLog.loaded(info, "JNA " + Native.VERSION);
        } catch (Throwable e) {
            failure = e;
        }
        LOAD_FAILURE = failure;
        INFO = info;
    }

    private CurlGlobal() {
    }

    /** The loaded library; loads and initialises it once and throws a clear error if it cannot be used. */
    static LibraryInfo info() {
        if (LOAD_FAILURE != null) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError(
                    LOAD_FAILURE.getMessage() != null ? LOAD_FAILURE.getMessage() : LOAD_FAILURE.toString());
            error.initCause(LOAD_FAILURE);
            throw error;
        }
        return INFO;
    }

    /** The age-0 part of {@code struct curl_version_info_data}; JNA computes the C layout. */
    @Structure.FieldOrder({"age", "version", "version_num", "host", "features", "ssl_version",
            "ssl_version_num", "libz_version", "protocols"})
    public static final class VersionInfoData extends Structure {
        public int age;
        public String version;
        public int version_num;
        public String host;
        public int features;
        public String ssl_version;
        public NativeLong ssl_version_num;
        public String libz_version;
        public Pointer protocols;

        public VersionInfoData(Pointer address) {
            super(address);
            read();
        }
    }


    private static LibraryInfo readInfo() {
        VersionInfoData data = new VersionInfoData(LibCurl.curl_version_info(0));
        Set<String> features = new LinkedHashSet<>();
        for (int bit = 0; bit < FEATURE_BITS.length; bit++) {
            if ((data.features & (1 << bit)) != 0) {
                features.add(FEATURE_BITS[bit]);
            }
        }
        List<String> protocols = new ArrayList<>();
        if (data.protocols != null) {
            for (int i = 0; ; i++) {
                Pointer name = data.protocols.getPointer((long) i * Native.POINTER_SIZE);
                if (name == null) {
                    break;
                }
                protocols.add(name.getString(0, "US-ASCII"));
            }
        }
        LibraryLocation location = LibCurl.LOADED.location();
        return new LibraryInfo(data.version, data.version_num, data.host, data.ssl_version, data.libz_version,
                Collections.unmodifiableSet(features), List.copyOf(protocols),
                LibCurl.LIBRARY.getFile() != null ? LibCurl.LIBRARY.getFile().getPath() : LibCurl.LIBRARY.getName(),
                location.origin(), location.buildInfo(), SystemCaBundle.forOrigin(location.origin()));
    }
}
