package dev.curlmulti.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import dev.curlmulti.core.internal.CallbackKind;
import dev.curlmulti.core.internal.LibraryInfo;
import dev.curlmulti.core.internal.LinuxEvents;
import dev.curlmulti.core.internal.NativeBinding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@link NativeBinding} on JNA: direct-mapped natives for the fixed-arity functions
 * ({@link LibCurl}), a fixed-arity binding of setopt/getinfo where that is ABI-identical to the
 * variadic call ({@link LibCurlFixedArity}, Linux x86-64 and aarch64), true C varargs otherwise
 * ({@link LibCurlVarargs}), and direct-mode callback objects ({@link NativeCallbacks}).
 */
public final class JnaBinding implements NativeBinding {
    private final LinuxEvents linux = new JnaLinuxEvents();

    @Override
    public String name() {
        return "JNA " + Native.VERSION;
    }

    @Override
    public LibraryInfo library() {
        return JnaLibrary.LOADED.info();
    }

    // ------------------------------------------------------------------------- native memory

    @Override
    public long malloc(long size) {
        long address = Native.malloc(Math.max(1, size));
        if (address == 0) {
            throw new OutOfMemoryError("malloc(" + size + ") failed");
        }
        return address;
    }

    @Override
    public void free(long address) {
        if (address != 0) {
            Native.free(address);
        }
    }

    @Override
    public ByteBuffer view(long address, long length) {
        return new Pointer(address).getByteBuffer(0, length).order(ByteOrder.nativeOrder());
    }

    @Override
    public String utf8String(long address) {
        return address == 0 ? null : new Pointer(address).getString(0, "UTF-8");
    }

    @Override
    public void read(long address, byte[] target, int offset, int length) {
        new Pointer(address).read(0, target, offset, length);
    }

    @Override
    public void write(long address, byte[] source, int offset, int length) {
        new Pointer(address).write(0, source, offset, length);
    }

    // ------------------------------------------------------------------------------- easy

    @Override
    public long easyInit() {
        return LibCurl.curl_easy_init();
    }

    @Override
    public void easyCleanup(long easy) {
        LibCurl.curl_easy_cleanup(easy);
    }

    @Override
    public long easyDuphandle(long easy) {
        return LibCurl.curl_easy_duphandle(easy);
    }

    @Override
    public void easyReset(long easy) {
        LibCurl.curl_easy_reset(easy);
    }

    @Override
    public int easyPerform(long easy) {
        return LibCurl.curl_easy_perform(easy);
    }

    @Override
    public int easyPause(long easy, int bitmask) {
        return LibCurl.curl_easy_pause(easy, bitmask);
    }

    @Override
    public String easyStrerror(int code) {
        return LibCurl.curl_easy_strerror(code);
    }

    @Override
    public int easySetoptLong(long easy, int option, long value) {
        return LibCurlFixedArity.AVAILABLE
                ? LibCurlFixedArity.curl_easy_setopt(easy, option, value)
                : LibCurlVarargs.INSTANCE.curl_easy_setopt(easy, option, new NativeLong(value));
    }

    @Override
    public int easySetoptOffT(long easy, int option, long value) {
        return LibCurlFixedArity.AVAILABLE
                ? LibCurlFixedArity.curl_easy_setopt(easy, option, value)
                : LibCurlVarargs.INSTANCE.curl_easy_setopt(easy, option, value);
    }

    @Override
    public int easySetoptPointer(long easy, int option, long address) {
        return LibCurlFixedArity.AVAILABLE
                ? LibCurlFixedArity.curl_easy_setopt(easy, option, address)
                : LibCurlVarargs.INSTANCE.curl_easy_setopt(easy, option, new Pointer(address));
    }

    @Override
    public int easyGetinfo(long easy, int info, long out) {
        return LibCurlFixedArity.AVAILABLE
                ? LibCurlFixedArity.curl_easy_getinfo(easy, info, out)
                : LibCurlVarargs.INSTANCE.curl_easy_getinfo(easy, info, new Pointer(out));
    }

    @Override
    public boolean hasHeaderApi() {
        return library().isAtLeast(LibraryInfo.HEADER_API_VERSION_NUM);
    }

    @Override
    public long easyNextHeader(long easy, int origin, int request, long previous) {
        if (!hasHeaderApi()) {
            library().require("curl_easy_nextheader", LibraryInfo.HEADER_API_VERSION_NUM);
        }
        return LibCurlHeaders.curl_easy_nextheader(easy, origin, request, previous);
    }

    @Override
    public boolean hasWebSocketApi() {
        return LibCurlWebSockets.AVAILABLE;
    }

    @Override
    public int wsSend(long easy, long buffer, long length, long sentOut, long fragsize, int flags) {
        requireWebSocketApi();
        return LibCurlWebSockets.curl_ws_send(easy, buffer, length, sentOut, fragsize, flags);
    }

    @Override
    public long wsMeta(long easy) {
        requireWebSocketApi();
        return LibCurlWebSockets.curl_ws_meta(easy);
    }

    @Override
    public int wsRecv(long easy, long buffer, long length, long nreadOut, long metaOut) {
        requireWebSocketApi();
        return LibCurlWebSockets.curl_ws_recv(easy, buffer, length, nreadOut, metaOut);
    }

    private void requireWebSocketApi() {
        if (!LibCurlWebSockets.AVAILABLE) {
            library().require("curl_ws_send", LibraryInfo.WEBSOCKET_API_VERSION_NUM);
        }
    }

    // ------------------------------------------------------------------------------ multi

    @Override
    public long multiInit() {
        return LibCurl.curl_multi_init();
    }

    @Override
    public int multiCleanup(long multi) {
        return LibCurl.curl_multi_cleanup(multi);
    }

    @Override
    public int multiAddHandle(long multi, long easy) {
        return LibCurl.curl_multi_add_handle(multi, easy);
    }

    @Override
    public int multiRemoveHandle(long multi, long easy) {
        return LibCurl.curl_multi_remove_handle(multi, easy);
    }

    @Override
    public int multiPerform(long multi, long runningOut) {
        return LibCurl.curl_multi_perform(multi, runningOut);
    }

    @Override
    public int multiFdset(long multi, long readSet, long writeSet, long exceptSet, long maxFdOut) {
        return LibCurl.curl_multi_fdset(multi, readSet, writeSet, exceptSet, maxFdOut);
    }

    @Override
    public int multiPoll(long multi, long extraFds, int extraCount, int timeoutMs, long readyOut) {
        return LibCurl.curl_multi_poll(multi, extraFds, extraCount, timeoutMs, readyOut);
    }

    @Override
    public int multiWakeup(long multi) {
        return LibCurl.curl_multi_wakeup(multi);
    }

    @Override
    public int multiTimeout(long multi, long timeoutOut) {
        return LibCurl.curl_multi_timeout(multi, timeoutOut);
    }

    @Override
    public long multiInfoRead(long multi, long queuedOut) {
        return LibCurl.curl_multi_info_read(multi, queuedOut);
    }

    @Override
    public int multiSocketAction(long multi, int socket, int eventMask, long runningOut) {
        return LibCurl.curl_multi_socket_action(multi, socket, eventMask, runningOut);
    }

    @Override
    public int multiSetoptLong(long multi, int option, long value) {
        return LibCurlVarargs.INSTANCE.curl_multi_setopt(multi, option, new NativeLong(value));
    }

    @Override
    public int multiSetoptOffT(long multi, int option, long value) {
        return LibCurlVarargs.INSTANCE.curl_multi_setopt(multi, option, value);
    }

    @Override
    public int multiSetoptPointer(long multi, int option, long address) {
        return LibCurlVarargs.INSTANCE.curl_multi_setopt(multi, option, new Pointer(address));
    }

    @Override
    public String multiStrerror(int code) {
        return LibCurl.curl_multi_strerror(code);
    }

    // ------------------------------------------------------------------------------ share

    @Override
    public long shareInit() {
        return LibCurl.curl_share_init();
    }

    @Override
    public int shareCleanup(long share) {
        return LibCurl.curl_share_cleanup(share);
    }

    @Override
    public int shareSetoptLong(long share, int option, long value) {
        return LibCurlVarargs.INSTANCE.curl_share_setopt(share, option, new NativeLong(value));
    }

    @Override
    public int shareSetoptPointer(long share, int option, long address) {
        return LibCurlVarargs.INSTANCE.curl_share_setopt(share, option, new Pointer(address));
    }

    @Override
    public String shareStrerror(int code) {
        return LibCurl.curl_share_strerror(code);
    }

    // ------------------------------------------------------------------------- string lists

    @Override
    public long slistAppend(long head, byte[] nulTerminated) {
        return LibCurl.curl_slist_append(head, nulTerminated);
    }

    @Override
    public void slistFreeAll(long head) {
        LibCurl.curl_slist_free_all(head);
    }

    // ------------------------------------------------------------------------------- mime

    @Override
    public long mimeInit(long easy) {
        return LibCurl.curl_mime_init(easy);
    }

    @Override
    public void mimeFree(long mime) {
        LibCurl.curl_mime_free(mime);
    }

    @Override
    public long mimeAddpart(long mime) {
        return LibCurl.curl_mime_addpart(mime);
    }

    @Override
    public int mimeName(long part, byte[] nulTerminated) {
        return LibCurl.curl_mime_name(part, nulTerminated);
    }

    @Override
    public int mimeFilename(long part, byte[] nulTerminated) {
        return LibCurl.curl_mime_filename(part, nulTerminated);
    }

    @Override
    public int mimeType(long part, byte[] nulTerminated) {
        return LibCurl.curl_mime_type(part, nulTerminated);
    }

    @Override
    public int mimeFiledata(long part, byte[] nulTerminatedPath) {
        return LibCurl.curl_mime_filedata(part, nulTerminatedPath);
    }

    @Override
    public int mimeData(long part, byte[] data, int length) {
        return LibCurl.curl_mime_data(part, data, length);
    }

    @Override
    public int mimeDataCb(long part, long size, long readFunction, long arg) {
        return LibCurl.curl_mime_data_cb(part, size, readFunction, 0, 0, arg);
    }

    @Override
    public int mimeHeaders(long part, long slist, boolean takeOwnership) {
        return LibCurl.curl_mime_headers(part, slist, takeOwnership ? 1 : 0);
    }

    // --------------------------------------------------------------------------- callbacks

    @Override
    public long callbackAddress(CallbackKind kind) {
        return NativeCallbacks.address(kind);
    }

    @Override
    public long cStdout() {
        return Pointer.nativeValue(LibC.stdout());
    }

    @Override
    public long cStdin() {
        return Pointer.nativeValue(LibC.stdin());
    }

    @Override
    public LinuxEvents linux() {
        return linux;
    }

    @Override
    public java.util.List<dev.curlmulti.core.internal.CostProbe> costProbes() {
        return JnaCostProbes.all();
    }
}
