package dev.curlmulti.core.internal.ffm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The C library calls the FFM binding needs: {@code malloc}, {@code free}, and the {@code stdin}/{@code stdout}
 * streams.
 */
final class LibC {
    static final SymbolLookup C = Native.LINKER.defaultLookup();
    private static final MethodHandle MALLOC =
            Native.function(C, "malloc", Native.returning(Native.POINTER, Native.SIZE_T), true);
    private static final MethodHandle FREE = Native.function(C, "free", Native.returningNothing(Native.POINTER), true);

    private LibC() {}

    static long malloc(long size) {
        long address;
        try {
            address = (long) MALLOC.invokeExact(Math.max(1, size));
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
        if (address == 0) {
            throw new OutOfMemoryError("malloc(" + size + ") failed");
        }
        return address;
    }

    static void free(long address) {
        if (address == 0) {
            return;
        }
        try {
            FREE.invokeExact(address);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    /** The {@code FILE*} in C's {@code stdout} variable. */
    static long stdout() {
        return stream("stdout");
    }

    /** The {@code FILE*} in C's {@code stdin} variable. */
    static long stdin() {
        return stream("stdin");
    }

    private static long stream(String name) {
        MemorySegment variable =
                C.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no " + name + " in the C library"));
        return variable.reinterpret(8).get(ValueLayout.JAVA_LONG, 0);
    }
}
