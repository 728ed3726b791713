package dev.curlmulti.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * A direct-mapped (fast) binding of {@code curl_easy_setopt} and {@code curl_easy_getinfo} for the
 * case that covers nearly every call: one argument of 64-bit integer class (a C {@code long}, a
 * {@code curl_off_t} or a pointer), on the platforms where that is ABI-identical to the variadic
 * call. A true varargs call through {@link LibCurlVarargs} costs about 600 ns; this one about 106
 * (`bin/sample NativeCallCost`).
 *
 * <p>Why it is correct where it is {@link #AVAILABLE}: on Linux x86-64 (System V) a variadic
 * integer argument travels in the same register as a named one, and the only extra rule, {@code %al}
 * holding an upper bound of the vector registers used, is kept because libffi (under JNA) loads
 * {@code %al} on every call; on Linux aarch64 (AAPCS64) anonymous arguments are passed exactly like
 * named ones (only Apple's variant differs, and macOS is excluded). {@code long}, {@code curl_off_t}
 * and pointers are all 64 bits on these LP64 platforms. Elsewhere {@link #AVAILABLE} is false and
 * {@link JnaBinding} uses {@link LibCurlVarargs}.
 */
final class LibCurlFixedArity {
    /** Whether the fast binding may be used on this platform. */
    public static final boolean AVAILABLE = Platform.isLinux()
            && Platform.is64Bit()
            && (Platform.isIntel() || Platform.isARM())
            && Native.LONG_SIZE == 8
            && Native.POINTER_SIZE == 8
            && !Boolean.getBoolean("dev.curlmulti.varargsOnly");

    static {
        if (AVAILABLE) {
            Native.register(LibCurlFixedArity.class, LibCurl.LIBRARY);
        }
    }

    private LibCurlFixedArity() {}

    /** {@code curl_easy_setopt(easy, option, value)} with a 64-bit integer-class value. */
    public static native int curl_easy_setopt(long easy, int option, long value);

    /** {@code curl_easy_getinfo(easy, info, out)} with {@code out} a native address. */
    public static native int curl_easy_getinfo(long easy, int info, long out);
}
