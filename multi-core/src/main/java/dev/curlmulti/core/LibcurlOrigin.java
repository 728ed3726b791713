package dev.curlmulti.core;

/**
 * Where the loaded libcurl came from, in the order curl-multi looks (see {@link CurlVersion}).
 * An immutable constant: safe to share between threads.
 */
public enum LibcurlOrigin {
    /**
     * The libcurl carried by a {@code multi-native-<os>-<arch>} artifact on the class path, extracted
     * to the native cache. Built without a compiled-in CA bundle: curl-multi gives every handle the
     * system's ({@link CurlVersion#caBundle()}).
     */
    BUNDLED,
    /** The file or library name in the system property {@code dev.curlmulti.libcurl}. */
    PROPERTY,
    /** The system's libcurl, as the dynamic linker finds it (on Debian {@code libcurl.so.4} from libcurl4). */
    SYSTEM
}
