package dev.curlmulti.core.internal.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Why the dynamic linker refuses a library. {@link java.lang.foreign.SymbolLookup#libraryLookup}
 * reports only "Cannot open library"; {@code dlopen} again followed by {@code dlerror} gives the
 * linker's words, for example {@code version `GLIBC_2.38' not found}, which tell the user what to
 * do. Used only on the failure path. Stateless; {@code dlerror}'s state is per OS thread, and
 * nothing between the two calls can move this thread to another carrier.
 */
final class DlopenReason {
    private static final int RTLD_LAZY = 1;

    private DlopenReason() {}

    /** The linker's message for {@code file}, or null when it cannot be had (or the file now opens). */
    static String of(String file) {
        try {
            var libc = Native.LINKER.defaultLookup();
            MethodHandle dlopen = Native.function(
                    libc, "dlopen", Native.returning(Native.POINTER, Native.POINTER, Native.INT), false);
            MethodHandle dlerror = Native.function(libc, "dlerror", Native.returning(Native.POINTER), false);
            MethodHandle dlclose =
                    Native.function(libc, "dlclose", Native.returning(Native.INT, Native.POINTER), false);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment name = arena.allocateFrom(file);
                long handle = (long) dlopen.invokeExact(name.address(), RTLD_LAZY);
                if (handle != 0) {
                    int ignored = (int) dlclose.invokeExact(handle);
                    return null;
                }
                return FfmLibrary.cString((long) dlerror.invokeExact());
            }
        } catch (Throwable e) {
            return null;
        }
    }
}
