package dev.curlmulti.core.internal.jna;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** The C library's {@code stdin}/{@code stdout} streams: libcurl's defaults for reads and writes. */
final class LibC {
    private static final NativeLibrary C = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);

    private LibC() {}

    /** The {@code FILE*} behind C's {@code stdout}. */
    public static Pointer stdout() {
        return C.getGlobalVariableAddress("stdout").getPointer(0);
    }

    /** The {@code FILE*} behind C's {@code stdin}. */
    public static Pointer stdin() {
        return C.getGlobalVariableAddress("stdin").getPointer(0);
    }
}
