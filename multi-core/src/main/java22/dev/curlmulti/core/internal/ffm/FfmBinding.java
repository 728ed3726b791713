package dev.curlmulti.core.internal.ffm;

import dev.curlmulti.core.internal.CallbackKind;
import dev.curlmulti.core.internal.CostProbe;
import dev.curlmulti.core.internal.LibcurlLoader;
import dev.curlmulti.core.internal.LibraryInfo;
import dev.curlmulti.core.internal.LinuxEvents;
import dev.curlmulti.core.internal.LoadedLibcurl;
import dev.curlmulti.core.internal.NativeBinding;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * {@link NativeBinding} on Java's Foreign Function &amp; Memory API (final in Java 22): a downcall
 * handle per libcurl function (about 10 ns a call, against 50-600 ns through JNA), the variadic
 * {@code curl_easy_setopt} and friends as true C varargs calls ({@link Linker.Option#firstVariadicArg}),
 * and upcall stubs for the callbacks (about 22 ns). Chosen at run time on Java 22+ unless
 * {@code -Ddev.curlmulti.binding=jna}.
 *
 * <p>Handles are declared with the exact Java types of their descriptors and called with
 * {@code invokeExact}, so each call compiles to a direct native call. Functions that never call
 * back into Java and return at once are {@code critical} (no thread-state transition).
 */
public final class FfmBinding implements NativeBinding {
    private static final ValueLayout L = Native.C_LONG;

    private final LoadedLibcurl<FfmLibrary> loaded = LibcurlLoader.load(FfmLibrary::open, name());
    private final LinuxEvents linux = new FfmLinuxEvents();
    private final FfmHandles handles;

    public FfmBinding() {
        if (L.byteSize() != 8 || ValueLayout.ADDRESS.byteSize() != 8) {
            throw new UnsupportedOperationException(
                    "the FFM binding needs an LP64 platform (64-bit long and pointers)");
        }
        handles = loaded.ok() ? new FfmHandles(loaded.library().lookup) : null;
    }

    @Override
    public String name() {
        return "FFM (Java " + Runtime.version().feature() + ")";
    }

    @Override
    public LibraryInfo library() {
        return loaded.info();
    }

    // ------------------------------------------------------------------------- native memory

    @Override
    public long malloc(long size) {
        return LibC.malloc(size);
    }

    @Override
    public void free(long address) {
        LibC.free(address);
    }

    @Override
    public ByteBuffer view(long address, long length) {
        return MemorySegment.ofAddress(address)
                .reinterpret(length)
                .asByteBuffer()
                .order(ByteOrder.nativeOrder());
    }

    @Override
    public String utf8String(long address) {
        return FfmLibrary.cString(address);
    }

    @Override
    public void read(long address, byte[] target, int offset, int length) {
        MemorySegment.copy(
                MemorySegment.ofAddress(address).reinterpret(length), ValueLayout.JAVA_BYTE, 0, target, offset, length);
    }

    @Override
    public void write(long address, byte[] source, int offset, int length) {
        MemorySegment.copy(
                source, offset, MemorySegment.ofAddress(address).reinterpret(length), ValueLayout.JAVA_BYTE, 0, length);
    }

    // ------------------------------------------------------------------------------- easy

    @Override
    public long easyInit() {
        try {
            return (long) handles.easyInit.invokeExact();
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public void easyCleanup(long easy) {
        try {
            handles.easyCleanup.invokeExact(easy);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public long easyDuphandle(long easy) {
        try {
            return (long) handles.easyDuphandle.invokeExact(easy);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public void easyReset(long easy) {
        try {
            handles.easyReset.invokeExact(easy);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int easyPerform(long easy) {
        try {
            return (int) handles.easyPerform.invokeExact(easy);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int easyPause(long easy, int bitmask) {
        try {
            return (int) handles.easyPause.invokeExact(easy, bitmask);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public String easyStrerror(int code) {
        try {
            return utf8String((long) handles.easyStrerror.invokeExact(code));
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int easySetoptLong(long easy, int option, long value) {
        try {
            return (int) handles.easySetoptLong.invokeExact(easy, option, value);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int easySetoptOffT(long easy, int option, long value) {
        try {
            return (int) handles.easySetoptOffT.invokeExact(easy, option, value);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int easySetoptPointer(long easy, int option, long address) {
        try {
            return (int) handles.easySetoptPointer.invokeExact(easy, option, address);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int easyGetinfo(long easy, int info, long out) {
        try {
            return (int) handles.easyGetinfo.invokeExact(easy, info, out);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public boolean hasHeaderApi() {
        return handles.easyNextHeader != null;
    }

    @Override
    public long easyNextHeader(long easy, int origin, int request, long previous) {
        if (handles.easyNextHeader == null) {
            library().require("curl_easy_nextheader", LibraryInfo.HEADER_API_VERSION_NUM);
        }
        try {
            return (long) handles.easyNextHeader.invokeExact(easy, origin, request, previous);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public boolean hasWebSocketApi() {
        return handles.wsSend != null;
    }

    @Override
    public int wsSend(long easy, long buffer, long length, long sentOut, long fragsize, int flags) {
        if (handles.wsSend == null) {
            library().require("curl_ws_send", LibraryInfo.WEBSOCKET_API_VERSION_NUM);
        }
        try {
            return (int) handles.wsSend.invokeExact(easy, buffer, length, sentOut, fragsize, flags);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int wsRecv(long easy, long buffer, long length, long nreadOut, long metaOut) {
        if (handles.wsRecv == null) {
            library().require("curl_ws_recv", LibraryInfo.WEBSOCKET_API_VERSION_NUM);
        }
        try {
            return (int) handles.wsRecv.invokeExact(easy, buffer, length, nreadOut, metaOut);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public long wsMeta(long easy) {
        if (handles.wsMeta == null) {
            library().require("curl_ws_meta", LibraryInfo.WEBSOCKET_API_VERSION_NUM);
        }
        try {
            return (long) handles.wsMeta.invokeExact(easy);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    // ------------------------------------------------------------------------------ multi

    @Override
    public long multiInit() {
        try {
            return (long) handles.multiInit.invokeExact();
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int multiCleanup(long multi) {
        try {
            return (int) handles.multiCleanup.invokeExact(multi);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int multiAddHandle(long multi, long easy) {
        try {
            return (int) handles.multiAddHandle.invokeExact(multi, easy);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int multiRemoveHandle(long multi, long easy) {
        try {
            return (int) handles.multiRemoveHandle.invokeExact(multi, easy);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int multiPerform(long multi, long runningOut) {
        try {
            return (int) handles.multiPerform.invokeExact(multi, runningOut);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int multiFdset(long multi, long readSet, long writeSet, long exceptSet, long maxFdOut) {
        try {
            return (int) handles.multiFdset.invokeExact(multi, readSet, writeSet, exceptSet, maxFdOut);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int multiPoll(long multi, long extraFds, int extraCount, int timeoutMs, long readyOut) {
        try {
            return (int) handles.multiPoll.invokeExact(multi, extraFds, extraCount, timeoutMs, readyOut);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int multiWakeup(long multi) {
        try {
            return (int) handles.multiWakeup.invokeExact(multi);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int multiTimeout(long multi, long timeoutOut) {
        try {
            return (int) handles.multiTimeout.invokeExact(multi, timeoutOut);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public long multiInfoRead(long multi, long queuedOut) {
        try {
            return (long) handles.multiInfoRead.invokeExact(multi, queuedOut);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int multiSocketAction(long multi, int socket, int eventMask, long runningOut) {
        try {
            return (int) handles.multiSocketAction.invokeExact(multi, socket, eventMask, runningOut);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int multiSetoptLong(long multi, int option, long value) {
        try {
            return (int) handles.multiSetoptLong.invokeExact(multi, option, value);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int multiSetoptOffT(long multi, int option, long value) {
        try {
            return (int) handles.multiSetoptOffT.invokeExact(multi, option, value);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int multiSetoptPointer(long multi, int option, long address) {
        try {
            return (int) handles.multiSetoptPointer.invokeExact(multi, option, address);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public String multiStrerror(int code) {
        try {
            return utf8String((long) handles.multiStrerror.invokeExact(code));
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    // ------------------------------------------------------------------------------ share

    @Override
    public long shareInit() {
        try {
            return (long) handles.shareInit.invokeExact();
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int shareCleanup(long share) {
        try {
            return (int) handles.shareCleanup.invokeExact(share);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int shareSetoptLong(long share, int option, long value) {
        try {
            return (int) handles.shareSetoptLong.invokeExact(share, option, value);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int shareSetoptPointer(long share, int option, long address) {
        try {
            return (int) handles.shareSetoptPointer.invokeExact(share, option, address);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public String shareStrerror(int code) {
        try {
            return utf8String((long) handles.shareStrerror.invokeExact(code));
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    // ------------------------------------------------------------------------- string lists

    @Override
    public long slistAppend(long head, byte[] nulTerminated) {
        // libcurl copies the string: a short-lived native copy is enough.
        long copy = LibC.malloc(nulTerminated.length);
        try {
            write(copy, nulTerminated, 0, nulTerminated.length);
            return (long) handles.slistAppend.invokeExact(head, copy);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        } finally {
            LibC.free(copy);
        }
    }

    @Override
    public void slistFreeAll(long head) {
        try {
            handles.slistFreeAll.invokeExact(head);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    // ------------------------------------------------------------------------------- mime

    @Override
    public long mimeInit(long easy) {
        try {
            return (long) handles.mimeInit.invokeExact(easy);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public void mimeFree(long mime) {
        try {
            handles.mimeFree.invokeExact(mime);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public long mimeAddpart(long mime) {
        try {
            return (long) handles.mimeAddpart.invokeExact(mime);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int mimeName(long part, byte[] nulTerminated) {
        return withCopy(handles.mimeName, part, nulTerminated);
    }

    @Override
    public int mimeFilename(long part, byte[] nulTerminated) {
        return withCopy(handles.mimeFilename, part, nulTerminated);
    }

    @Override
    public int mimeType(long part, byte[] nulTerminated) {
        return withCopy(handles.mimeType, part, nulTerminated);
    }

    @Override
    public int mimeFiledata(long part, byte[] nulTerminatedPath) {
        return withCopy(handles.mimeFiledata, part, nulTerminatedPath);
    }

    @Override
    public int mimeData(long part, byte[] data, int length) {
        // libcurl copies the data: a short-lived native copy is enough.
        long copy = LibC.malloc(Math.max(1, length));
        try {
            write(copy, data, 0, length);
            return (int) handles.mimeData.invokeExact(part, copy, (long) length);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        } finally {
            LibC.free(copy);
        }
    }

    @Override
    public int mimeDataCb(long part, long size, long readFunction, long arg) {
        try {
            return (int) handles.mimeDataCb.invokeExact(part, size, readFunction, 0L, 0L, arg);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int mimeHeaders(long part, long slist, boolean takeOwnership) {
        try {
            return (int) handles.mimeHeaders.invokeExact(part, slist, takeOwnership ? 1 : 0);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    /** Calls {@code function(part, string)} with a native copy of {@code nulTerminated} (libcurl copies it). */
    private int withCopy(java.lang.invoke.MethodHandle function, long part, byte[] nulTerminated) {
        long copy = LibC.malloc(nulTerminated.length);
        try {
            write(copy, nulTerminated, 0, nulTerminated.length);
            return (int) function.invokeExact(part, copy);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        } finally {
            LibC.free(copy);
        }
    }

    // --------------------------------------------------------------------------- callbacks

    @Override
    public long callbackAddress(CallbackKind kind) {
        return FfmCallbacks.address(kind);
    }

    @Override
    public long cStdout() {
        return LibC.stdout();
    }

    @Override
    public long cStdin() {
        return LibC.stdin();
    }

    @Override
    public LinuxEvents linux() {
        return linux;
    }

    @Override
    public List<CostProbe> costProbes() {
        return FfmCostProbes.all(this);
    }
}
