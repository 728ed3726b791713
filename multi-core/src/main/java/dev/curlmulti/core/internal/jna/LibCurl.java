package dev.curlmulti.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import dev.curlmulti.core.internal.LibraryInfo;

/**
 * Direct-mapped ({@link Native#register}) binding of every non-variadic libcurl function the
 * project uses. Handles and out-parameters are passed as raw {@code long} addresses: a direct call
 * with primitive arguments is the cheapest JNA offers (about 50 ns), and the typed Java owners
 * ({@code Curl}, {@code CurlMulti}, {@code CurlShare}) keep handles from being mixed up.
 *
 * <p>Only functions present in libcurl {@value LibraryInfo#MINIMUM_VERSION} are bound here, so
 * registration cannot fail on a library the loader accepted. The variadic functions are in
 * {@link LibCurlVarargs}. Threading: these are plain C calls; the callers enforce libcurl's rules.
 */
final class LibCurl {
    /** The opened library; when it did not load, the loader's {@link UnsatisfiedLinkError}. */
    public static final NativeLibrary LIBRARY = JnaLibrary.LOADED.library().nativeLibrary();

    static {
        Native.register(LibCurl.class, LIBRARY);
    }

    private LibCurl() {}

    public static native long curl_easy_init();

    public static native void curl_easy_cleanup(long easy);

    public static native long curl_easy_duphandle(long easy);

    public static native void curl_easy_reset(long easy);

    public static native int curl_easy_perform(long easy);

    public static native int curl_easy_pause(long easy, int bitmask);

    public static native String curl_easy_strerror(int code);

    public static native long curl_multi_init();

    public static native int curl_multi_cleanup(long multi);

    public static native int curl_multi_add_handle(long multi, long easy);

    public static native int curl_multi_remove_handle(long multi, long easy);

    /** {@code runningHandles} is the address of a C {@code int}. */
    public static native int curl_multi_perform(long multi, long runningHandles);

    /** The three sets are addresses of {@code fd_set}; {@code maxFd} of a C {@code int}. */
    public static native int curl_multi_fdset(long multi, long readSet, long writeSet, long excSet, long maxFd);

    /** {@code numFds} is the address of a C {@code int}. */
    public static native int curl_multi_wait(long multi, long extraFds, int extraNfds, int timeoutMs, long numFds);

    /** {@code numFds} is the address of a C {@code int}. */
    public static native int curl_multi_poll(long multi, long extraFds, int extraNfds, int timeoutMs, long numFds);

    public static native int curl_multi_wakeup(long multi);

    /** {@code timeoutMs} is the address of a C {@code long}. */
    public static native int curl_multi_timeout(long multi, long timeoutMs);

    /** Returns a {@code CURLMsg*} or 0; {@code msgsInQueue} is the address of a C {@code int}. */
    public static native long curl_multi_info_read(long multi, long msgsInQueue);

    public static native String curl_multi_strerror(int code);

    /** {@code runningHandles} is the address of a C {@code int}; {@code socket} -1 is CURL_SOCKET_TIMEOUT. */
    public static native int curl_multi_socket_action(long multi, int socket, int eventBitmask, long runningHandles);

    public static native long curl_share_init();

    public static native int curl_share_cleanup(long share);

    public static native String curl_share_strerror(int code);

    /** {@code value} must be NUL-terminated. Returns the new list head, or 0 on failure. */
    public static native long curl_slist_append(long list, byte[] value);

    public static native void curl_slist_free_all(long list);

    public static native long curl_mime_init(long easy);

    public static native void curl_mime_free(long mime);

    public static native long curl_mime_addpart(long mime);

    /** The string arguments below must be NUL-terminated; libcurl copies them. */
    public static native int curl_mime_name(long part, byte[] name);

    public static native int curl_mime_filename(long part, byte[] filename);

    public static native int curl_mime_type(long part, byte[] mimetype);

    public static native int curl_mime_filedata(long part, byte[] filename);

    /** {@code size} is a {@code size_t}; libcurl copies the bytes. */
    public static native int curl_mime_data(long part, byte[] data, long size);

    /** {@code size} is a {@code curl_off_t}; the three functions are addresses (0 for NULL). */
    public static native int curl_mime_data_cb(long part, long size, long read, long seek, long free, long arg);

    public static native int curl_mime_headers(long part, long headers, int takeOwnership);
}
