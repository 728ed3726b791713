package dev.curlmulti.core.internal.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The variadic libcurl functions, bound through an interface so that JNA makes a true C varargs
 * call (libffi's {@code ffi_prep_cif_var} with the count of fixed arguments). That is what keeps
 * {@code curl_easy_setopt(CURL*, CURLoption, ...)} ABI-correct on x86-64 (where {@code %al} must
 * count vector registers) and on aarch64.
 *
 * <p>Argument types matter: pass {@link com.sun.jna.NativeLong} for C {@code long} options,
 * {@code Long} for {@code curl_off_t}, {@link com.sun.jna.Pointer} for pointers. Never pass a
 * {@link com.sun.jna.Callback}: JNA would make a slow, weakly held trampoline. Function pointers come
 * from {@link NativeCallbacks}. A call costs about ten times a direct call, so hot paths avoid it.
 */
interface LibCurlVarargs extends Library {
    /** The bound instance. */
    LibCurlVarargs INSTANCE = Native.load(
            LibCurl.LIBRARY.getFile().getPath(),
            LibCurlVarargs.class,
            java.util.Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

    int curl_easy_setopt(long easy, int option, Object... value);

    int curl_easy_getinfo(long easy, int info, Object... out);

    int curl_multi_setopt(long multi, int option, Object... value);

    int curl_share_setopt(long share, int option, Object... value);
}
