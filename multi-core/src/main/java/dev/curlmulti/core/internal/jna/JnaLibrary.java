package dev.curlmulti.core.internal.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.curlmulti.core.internal.LibcurlLoader;
import dev.curlmulti.core.internal.LoadedLibcurl;
import dev.curlmulti.core.internal.OpenedLibrary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * libcurl opened with JNA's {@link NativeLibrary}: the JNA binding's only part in loading. Which
 * file, the version check, {@code curl_global_init} and the errors are {@link LibcurlLoader}'s;
 * this class opens a name and makes the raw calls the loader asks for (through
 * {@link com.sun.jna.Function}, since nothing is registered before the library is accepted).
 *
 * <p>{@link #LOADED} is loaded once per process, on the first handle (class initialisation makes
 * it thread-safe); {@link LibCurl} and the other direct-mapped classes register against it.
 */
final class JnaLibrary implements OpenedLibrary {
    /** The process's libcurl, or why it did not load. */
    static final LoadedLibcurl<JnaLibrary> LOADED = LibcurlLoader.load(JnaLibrary::open, "JNA " + Native.VERSION);

    private final NativeLibrary library;

    private JnaLibrary(NativeLibrary library) {
        this.library = library;
    }

    /** Opens {@code name} with JNA; direct mapping needs 64-bit pointers (LP64), checked first. */
    static JnaLibrary open(String name) throws OpenFailure {
        if (Native.POINTER_SIZE != 8) {
            throw new UnsatisfiedLinkError("curl-multi needs a 64-bit JVM (LP64: x86-64 or aarch64); " + "this one has "
                    + (Native.POINTER_SIZE * 8) + "-bit pointers");
        }
        try {
            return new JnaLibrary(NativeLibrary.getInstance(name, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8")));
        } catch (UnsatisfiedLinkError e) {
            throw new OpenFailure(e.getMessage(), () -> linkerMessage(e), e);
        }
    }

    /** JNA's message repeats the linker's once per place it looked; its first suppressed error is the linker's. */
    private static String linkerMessage(UnsatisfiedLinkError e) {
        Throwable[] suppressed = e.getSuppressed();
        return suppressed.length > 0 && suppressed[0].getMessage() != null
                ? suppressed[0].getMessage()
                : e.getMessage();
    }

    /** The library the direct-mapped classes register against. */
    NativeLibrary nativeLibrary() {
        return library;
    }

    @Override
    public String file() {
        return library.getFile() != null ? library.getFile().getPath() : library.getName();
    }

    @Override
    public long versionInfo() {
        Pointer info = (Pointer) library.getFunction("curl_version_info").invoke(Pointer.class, new Object[] {0});
        return Pointer.nativeValue(info);
    }

    @Override
    public int globalInit(long flags) {
        return library.getFunction("curl_global_init").invokeInt(new Object[] {flags});
    }

    @Override
    public ByteBuffer view(long address, long length) {
        return new Pointer(address).getByteBuffer(0, length).asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    @Override
    public String string(long address) {
        return address == 0 ? null : new Pointer(address).getString(0, "UTF-8");
    }
}
