package dev.curlmulti.core.internal.ffm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Making downcall handles. Pointers travel as {@code long} ({@link #POINTER}): on the LP64
 * platforms this binding runs on (Linux and macOS, x86-64 and aarch64) a pointer and a 64-bit
 * integer are passed in the same registers and stack slots, so the handles take and return plain
 * addresses and no {@link MemorySegment} is made per call.
 */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    static final ValueLayout.OfLong POINTER = ValueLayout.JAVA_LONG;
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong OFF_T = ValueLayout.JAVA_LONG;
    /** C {@code long}, as the platform defines it. */
    static final ValueLayout C_LONG = (ValueLayout) LINKER.canonicalLayouts().get("long");

    static final ValueLayout SIZE_T = (ValueLayout) LINKER.canonicalLayouts().get("size_t");

    private Native() {}

    /** A handle to {@code name} in {@code lookup}; {@code critical} for short calls that never call back into Java. */
    static MethodHandle function(
            SymbolLookup lookup, String name, FunctionDescriptor descriptor, boolean critical, Linker.Option... more) {
        MemorySegment address = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libcurl has no " + name));
        Linker.Option[] options = more;
        if (critical) {
            options = java.util.Arrays.copyOf(more, more.length + 1);
            options[more.length] = Linker.Option.critical(false);
        }
        return LINKER.downcallHandle(address, descriptor, options);
    }

    static FunctionDescriptor returning(MemoryLayout result, MemoryLayout... arguments) {
        return FunctionDescriptor.of(result, arguments);
    }

    static FunctionDescriptor returningNothing(MemoryLayout... arguments) {
        return FunctionDescriptor.ofVoid(arguments);
    }

    /** Rethrows what a native call threw (none are declared: downcalls only throw errors of the JVM's). */
    static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
