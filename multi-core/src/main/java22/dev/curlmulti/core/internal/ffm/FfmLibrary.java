package dev.curlmulti.core.internal.ffm;

import dev.curlmulti.core.internal.LibcurlLoader;
import dev.curlmulti.core.internal.OpenedLibrary;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * libcurl opened with {@link SymbolLookup#libraryLookup}: the FFM binding's only part in loading.
 * Which file, the version check, {@code curl_global_init} and the errors are {@link LibcurlLoader}'s;
 * this class opens a name and makes the raw calls the loader asks for. Immutable; the
 * {@link FfmBinding} binds its downcall handles to {@link #lookup}.
 */
final class FfmLibrary implements OpenedLibrary {
    final SymbolLookup lookup;
    private final String name;

    private FfmLibrary(SymbolLookup lookup, String name) {
        this.lookup = lookup;
        this.name = name;
    }

    /** Opens {@code name} for the life of the process (the global arena: libcurl is never unloaded). */
    static FfmLibrary open(String name) throws OpenFailure {
        try {
            return new FfmLibrary(SymbolLookup.libraryLookup(name, Arena.global()), name);
        } catch (IllegalArgumentException e) {
            // FFM says only "Cannot open library"; the linker's own words tell a too-old glibc.
            throw new OpenFailure(e.getMessage(), () -> DlopenReason.of(name), e);
        }
    }

    /** FFM cannot tell which file the dynamic linker found: the name it was given. */
    @Override
    public String file() {
        return name;
    }

    @Override
    public long versionInfo() {
        MethodHandle versionInfo =
                Native.function(lookup, "curl_version_info", Native.returning(Native.POINTER, Native.INT), false);
        try {
            return (long) versionInfo.invokeExact(0);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int globalInit(long flags) {
        MethodHandle init =
                Native.function(lookup, "curl_global_init", Native.returning(Native.INT, Native.C_LONG), false);
        try {
            return (int) init.invokeExact(flags);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public ByteBuffer view(long address, long length) {
        return MemorySegment.ofAddress(address)
                .reinterpret(length)
                .asByteBuffer()
                .asReadOnlyBuffer()
                .order(ByteOrder.nativeOrder());
    }

    @Override
    public String string(long address) {
        return cString(address);
    }

    /** The NUL-terminated UTF-8 string at {@code address}, or null for 0. */
    static String cString(long address) {
        return address == 0
                ? null
                : MemorySegment.ofAddress(address).reinterpret(Long.MAX_VALUE).getString(0);
    }
}
