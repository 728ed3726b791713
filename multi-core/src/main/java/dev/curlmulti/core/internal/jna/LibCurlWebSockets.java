package dev.curlmulti.core.internal.jna;

import com.sun.jna.Native;
import dev.curlmulti.core.internal.LibraryInfo;

/**
 * The WebSocket calls of libcurl 7.86+ ({@code curl_ws_send}, {@code curl_ws_recv}, {@code curl_ws_meta}), bound in
 * their own class so that an older libcurl still loads: registering happens only when this class
 * is first used, and only when the library is new enough. {@link #AVAILABLE} says whether it was.
 */
final class LibCurlWebSockets {
    /** True when the loaded libcurl has the WebSocket calls (whether it was built with ws is another matter). */
    public static final boolean AVAILABLE = register();

    private LibCurlWebSockets() {}

    private static boolean register() {
        if (!JnaLibrary.LOADED.info().isAtLeast(LibraryInfo.WEBSOCKET_API_VERSION_NUM)) {
            return false;
        }
        try {
            Native.register(LibCurlWebSockets.class, LibCurl.LIBRARY);
            return true;
        } catch (UnsatisfiedLinkError missing) {
            return false;
        }
    }

    /**
     * {@code CURLcode curl_ws_send(CURL *curl, const void *buffer, size_t buflen, size_t *sent,
     * curl_off_t fragsize, unsigned int flags)}.
     */
    public static native int curl_ws_send(long easy, long buffer, long length, long sentOut, long fragsize, int flags);

    /**
     * {@code CURLcode curl_ws_recv(CURL *curl, void *buffer, size_t buflen, size_t *recv,
     * const struct curl_ws_frame **meta)}.
     */
    public static native int curl_ws_recv(long easy, long buffer, long length, long nreadOut, long metaOut);

    /** {@code const struct curl_ws_frame *curl_ws_meta(CURL *curl)}. */
    public static native long curl_ws_meta(long easy);
}
