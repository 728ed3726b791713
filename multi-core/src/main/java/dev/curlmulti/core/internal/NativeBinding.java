package dev.curlmulti.core.internal;

import java.nio.ByteBuffer;

/**
 * The one way from Java to libcurl (and to the Linux calls the socket driver needs). Everything
 * above it, the pycurl-style handles and the event loop, works with plain values: handles and
 * native memory are {@code long} addresses, native memory is read and written through
 * {@link ByteBuffer} views, and libcurl's callbacks arrive as plain Java calls on
 * {@link CallbackDispatch}. Only the implementation (today {@code internal.jna}) knows how a call
 * crosses into native code.
 *
 * <p>Methods mirror the C functions they are named after and return libcurl's codes unchanged;
 * the callers check them. The setopt methods hide how a variadic call is made: each takes exactly
 * the C type its name says ({@code long}, {@code curl_off_t}, a pointer).
 *
 * <p><b>Threading:</b> the methods are plain C calls; the callers enforce libcurl's threading
 * rules (one thread per handle, {@code curl_multi_wakeup} from anywhere).
 */
public interface NativeBinding {
    /** The binding in use, chosen once per process. */
    static NativeBinding get() {
        return Bindings.INSTANCE;
    }

    /** What the binding is built on, for reports: for example {@code JNA 5.18.1}. */
    String name();

    /**
     * The loaded libcurl, loaded and {@code curl_global_init}-ed on first use.
     *
     * @throws UnsatisfiedLinkError libcurl is missing or too old, with a message that says what to install
     */
    LibraryInfo library();

    // ------------------------------------------------------------------------- native memory

    /** {@code malloc(size)}; never returns 0 (throws {@link OutOfMemoryError}). Free with {@link #free}. */
    long malloc(long size);

    /** {@code free(address)}; 0 is ignored. */
    void free(long address);

    /**
     * A read-write view of {@code length} bytes at {@code address}, in native byte order; valid while the memory is.
     */
    ByteBuffer view(long address, long length);

    /** The NUL-terminated UTF-8 string at {@code address}, or null for 0. */
    String utf8String(long address);

    /** Copies {@code length} bytes at {@code address} into {@code target} (cheaper than a view for a one-off read). */
    void read(long address, byte[] target, int offset, int length);

    /** Copies {@code length} bytes of {@code source} to {@code address}. */
    void write(long address, byte[] source, int offset, int length);

    // ------------------------------------------------------------------------------- easy

    long easyInit();

    void easyCleanup(long easy);

    long easyDuphandle(long easy);

    void easyReset(long easy);

    int easyPerform(long easy);

    int easyPause(long easy, int bitmask);

    String easyStrerror(int code);

    /** {@code curl_easy_setopt} with a C {@code long}. */
    int easySetoptLong(long easy, int option, long value);

    /** {@code curl_easy_setopt} with a {@code curl_off_t}. */
    int easySetoptOffT(long easy, int option, long value);

    /** {@code curl_easy_setopt} with a pointer (0 for NULL). */
    int easySetoptPointer(long easy, int option, long address);

    /** {@code curl_easy_getinfo} writing to the 8 bytes at {@code out}. */
    int easyGetinfo(long easy, int info, long out);

    /** Whether {@link #easyNextHeader} exists in the loaded libcurl (7.84+). */
    boolean hasHeaderApi();

    /** {@code curl_easy_nextheader}; see {@link #hasHeaderApi()}. */
    long easyNextHeader(long easy, int origin, int request, long previous);

    /**
     * Whether the loaded libcurl has the WebSocket calls ({@code curl_ws_send}, {@code
     * curl_ws_meta}: 7.86+). They work only when it was also built with WebSocket support, which
     * {@link LibraryInfo#protocols()} tells (it lists {@code ws}).
     */
    boolean hasWebSocketApi();

    /**
     * {@code curl_ws_send(easy, buffer, length, sentOut, fragsize, flags)}; {@code sentOut} is the
     * address of a {@code size_t}. See {@link #hasWebSocketApi()}.
     */
    int wsSend(long easy, long buffer, long length, long sentOut, long fragsize, int flags);

    /** {@code curl_ws_meta(easy)}: the address of a {@code struct curl_ws_frame}, or 0. */
    long wsMeta(long easy);

    /**
     * {@code curl_ws_recv(easy, buffer, length, nreadOut, metaOut)}: {@code nreadOut} is the
     * address of a {@code size_t}, {@code metaOut} of a pointer that receives the frame's {@code
     * struct curl_ws_frame}. See {@link #hasWebSocketApi()}.
     */
    int wsRecv(long easy, long buffer, long length, long nreadOut, long metaOut);

    // ------------------------------------------------------------------------------ multi

    long multiInit();

    int multiCleanup(long multi);

    int multiAddHandle(long multi, long easy);

    int multiRemoveHandle(long multi, long easy);

    /** {@code runningOut}: address of a C int. */
    int multiPerform(long multi, long runningOut);

    /** The sets are addresses of {@code fd_set}s; {@code maxFdOut} of a C int. */
    int multiFdset(long multi, long readSet, long writeSet, long exceptSet, long maxFdOut);

    /** {@code curl_multi_poll} without extra descriptors; {@code readyOut}: address of a C int. */
    int multiPoll(long multi, long extraFds, int extraCount, int timeoutMs, long readyOut);

    int multiWakeup(long multi);

    /** {@code timeoutOut}: address of a C long. */
    int multiTimeout(long multi, long timeoutOut);

    /** A {@code CURLMsg*} or 0; {@code queuedOut}: address of a C int. */
    long multiInfoRead(long multi, long queuedOut);

    /** {@code socket} -1 is {@code CURL_SOCKET_TIMEOUT}; {@code runningOut}: address of a C int. */
    int multiSocketAction(long multi, int socket, int eventMask, long runningOut);

    int multiSetoptLong(long multi, int option, long value);

    int multiSetoptOffT(long multi, int option, long value);

    int multiSetoptPointer(long multi, int option, long address);

    String multiStrerror(int code);

    // ------------------------------------------------------------------------------ share

    long shareInit();

    int shareCleanup(long share);

    int shareSetoptLong(long share, int option, long value);

    int shareSetoptPointer(long share, int option, long address);

    String shareStrerror(int code);

    // ------------------------------------------------------------------------- string lists

    /** {@code curl_slist_append}; {@code nulTerminated} ends with a 0 byte. Returns the new head, or 0. */
    long slistAppend(long head, byte[] nulTerminated);

    void slistFreeAll(long head);

    // ------------------------------------------------------------------------------- mime

    /** {@code curl_mime_init(easy)}: a new mime structure, or 0. Free with {@link #mimeFree}. */
    long mimeInit(long easy);

    /** {@code curl_mime_free}: frees the mime and its parts, and unbinds it from the handle that uses it. */
    void mimeFree(long mime);

    /** {@code curl_mime_addpart}: a new part owned by {@code mime}, or 0. */
    long mimeAddpart(long mime);

    /** {@code curl_mime_name}; {@code nulTerminated} ends with a 0 byte (libcurl copies it). */
    int mimeName(long part, byte[] nulTerminated);

    /** {@code curl_mime_filename}; {@code nulTerminated} ends with a 0 byte (libcurl copies it). */
    int mimeFilename(long part, byte[] nulTerminated);

    /** {@code curl_mime_type}; {@code nulTerminated} ends with a 0 byte (libcurl copies it). */
    int mimeType(long part, byte[] nulTerminated);

    /** {@code curl_mime_filedata}: libcurl opens and reads the file as it sends it. */
    int mimeFiledata(long part, byte[] nulTerminatedPath);

    /** {@code curl_mime_data(part, data, length)}: libcurl copies the bytes. */
    int mimeData(long part, byte[] data, int length);

    /**
     * {@code curl_mime_data_cb(part, size, read, NULL, NULL, arg)}: libcurl pulls the part's bytes
     * from the read function at {@code readFunction} ({@link CallbackKind#MIME_READ}) with
     * {@code arg} as its userdata; {@code size} -1 when unknown. No seek: the part cannot be rewound.
     */
    int mimeDataCb(long part, long size, long readFunction, long arg);

    /** {@code curl_mime_headers(part, list, takeOwnership)}. */
    int mimeHeaders(long part, long slist, boolean takeOwnership);

    // ---------------------------------------------------------------------------- callbacks

    /**
     * The native address of the shared callback of {@code kind}: what goes to the
     * {@code *FUNCTION} option. It forwards every call to {@link CallbackDispatch}, and lives as
     * long as the process.
     */
    long callbackAddress(CallbackKind kind);

    /** C's {@code stdout} {@code FILE*}: libcurl's default write target. */
    long cStdout();

    /** C's {@code stdin} {@code FILE*}: libcurl's default read source. */
    long cStdin();

    // -------------------------------------------------------------------------------- Linux

    /** epoll and eventfd, for the socket-event loop driver; {@link LinuxEvents#available()} is false off Linux. */
    LinuxEvents linux();

    // ------------------------------------------------------------------------- measurement

    /**
     * Measurements of this binding's own crossings (calls, varargs calls, callbacks), for
     * {@code bin/sample NativeCallCost}.
     */
    java.util.List<CostProbe> costProbes();
}
