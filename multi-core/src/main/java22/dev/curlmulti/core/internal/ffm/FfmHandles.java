package dev.curlmulti.core.internal.ffm;

import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** The downcall handles, made once libcurl is known to load. */
final class FfmHandles {
    private static final ValueLayout.OfLong P = Native.POINTER;
    private static final ValueLayout.OfInt I = Native.INT;
    private static final ValueLayout L = Native.C_LONG;

    final MethodHandle easyInit;
    final MethodHandle easyCleanup;
    final MethodHandle easyDuphandle;
    final MethodHandle easyReset;
    final MethodHandle easyPerform;
    final MethodHandle easyPause;
    final MethodHandle easyStrerror;
    final MethodHandle easySetoptLong;
    final MethodHandle easySetoptOffT;
    final MethodHandle easySetoptPointer;
    final MethodHandle easyGetinfo;
    final MethodHandle easyNextHeader;
    /** {@code curl_ws_send}, or null before 7.86. */
    final MethodHandle wsSend;
    /** {@code curl_ws_recv}, or null before 7.86. */
    final MethodHandle wsRecv;
    /** {@code curl_ws_meta}, or null before 7.86. */
    final MethodHandle wsMeta;

    final MethodHandle multiInit;
    final MethodHandle multiCleanup;
    final MethodHandle multiAddHandle;
    final MethodHandle multiRemoveHandle;
    final MethodHandle multiPerform;
    final MethodHandle multiFdset;
    final MethodHandle multiPoll;
    final MethodHandle multiWakeup;
    final MethodHandle multiTimeout;
    final MethodHandle multiInfoRead;
    final MethodHandle multiSocketAction;
    final MethodHandle multiSetoptLong;
    final MethodHandle multiSetoptOffT;
    final MethodHandle multiSetoptPointer;
    final MethodHandle multiStrerror;
    final MethodHandle shareInit;
    final MethodHandle shareCleanup;
    final MethodHandle shareSetoptLong;
    final MethodHandle shareSetoptPointer;
    final MethodHandle shareStrerror;
    final MethodHandle slistAppend;
    final MethodHandle slistFreeAll;
    final MethodHandle mimeInit;
    final MethodHandle mimeFree;
    final MethodHandle mimeAddpart;
    final MethodHandle mimeName;
    final MethodHandle mimeFilename;
    final MethodHandle mimeType;
    final MethodHandle mimeFiledata;
    final MethodHandle mimeData;
    final MethodHandle mimeDataCb;
    final MethodHandle mimeHeaders;

    FfmHandles(SymbolLookup curl) {
        Linker.Option variadic = Linker.Option.firstVariadicArg(2);
        easyInit = Native.function(curl, "curl_easy_init", Native.returning(P), false);
        easyCleanup = Native.function(curl, "curl_easy_cleanup", Native.returningNothing(P), false);
        easyDuphandle = Native.function(curl, "curl_easy_duphandle", Native.returning(P, P), false);
        easyReset = Native.function(curl, "curl_easy_reset", Native.returningNothing(P), false);
        easyPerform = Native.function(curl, "curl_easy_perform", Native.returning(I, P), false);
        easyPause = Native.function(curl, "curl_easy_pause", Native.returning(I, P, I), false);
        easyStrerror = Native.function(curl, "curl_easy_strerror", Native.returning(P, I), true);
        easySetoptLong = Native.function(curl, "curl_easy_setopt", Native.returning(I, P, I, L), false, variadic);
        easySetoptOffT =
                Native.function(curl, "curl_easy_setopt", Native.returning(I, P, I, Native.OFF_T), false, variadic);
        easySetoptPointer = Native.function(curl, "curl_easy_setopt", Native.returning(I, P, I, P), false, variadic);
        easyGetinfo = Native.function(curl, "curl_easy_getinfo", Native.returning(I, P, I, P), false, variadic);
        easyNextHeader = curl.find("curl_easy_nextheader").isPresent()
                ? Native.function(curl, "curl_easy_nextheader", Native.returning(P, P, I, I, P), false)
                : null;
        boolean ws = curl.find("curl_ws_send").isPresent()
                && curl.find("curl_ws_recv").isPresent()
                && curl.find("curl_ws_meta").isPresent();
        wsSend = ws
                ? Native.function(
                        curl, "curl_ws_send", Native.returning(I, P, P, Native.SIZE_T, P, Native.OFF_T, I), false)
                : null;
        wsRecv = ws
                ? Native.function(curl, "curl_ws_recv", Native.returning(I, P, P, Native.SIZE_T, P, P), false)
                : null;
        wsMeta = ws ? Native.function(curl, "curl_ws_meta", Native.returning(P, P), true) : null;
        multiInit = Native.function(curl, "curl_multi_init", Native.returning(P), false);
        multiCleanup = Native.function(curl, "curl_multi_cleanup", Native.returning(I, P), false);
        multiAddHandle = Native.function(curl, "curl_multi_add_handle", Native.returning(I, P, P), false);
        multiRemoveHandle = Native.function(curl, "curl_multi_remove_handle", Native.returning(I, P, P), false);
        multiPerform = Native.function(curl, "curl_multi_perform", Native.returning(I, P, P), false);
        multiFdset = Native.function(curl, "curl_multi_fdset", Native.returning(I, P, P, P, P, P), false);
        multiPoll = Native.function(curl, "curl_multi_poll", Native.returning(I, P, P, I, I, P), false);
        multiWakeup = Native.function(curl, "curl_multi_wakeup", Native.returning(I, P), false);
        multiTimeout = Native.function(curl, "curl_multi_timeout", Native.returning(I, P, P), true);
        multiInfoRead = Native.function(curl, "curl_multi_info_read", Native.returning(P, P, P), true);
        multiSocketAction = Native.function(curl, "curl_multi_socket_action", Native.returning(I, P, I, I, P), false);
        multiSetoptLong = Native.function(curl, "curl_multi_setopt", Native.returning(I, P, I, L), false, variadic);
        multiSetoptOffT =
                Native.function(curl, "curl_multi_setopt", Native.returning(I, P, I, Native.OFF_T), false, variadic);
        multiSetoptPointer = Native.function(curl, "curl_multi_setopt", Native.returning(I, P, I, P), false, variadic);
        multiStrerror = Native.function(curl, "curl_multi_strerror", Native.returning(P, I), true);
        shareInit = Native.function(curl, "curl_share_init", Native.returning(P), false);
        shareCleanup = Native.function(curl, "curl_share_cleanup", Native.returning(I, P), false);
        shareSetoptLong = Native.function(curl, "curl_share_setopt", Native.returning(I, P, I, L), false, variadic);
        shareSetoptPointer = Native.function(curl, "curl_share_setopt", Native.returning(I, P, I, P), false, variadic);
        shareStrerror = Native.function(curl, "curl_share_strerror", Native.returning(P, I), true);
        slistAppend = Native.function(curl, "curl_slist_append", Native.returning(P, P, P), true);
        slistFreeAll = Native.function(curl, "curl_slist_free_all", Native.returningNothing(P), true);
        mimeInit = Native.function(curl, "curl_mime_init", Native.returning(P, P), true);
        // free closes a file part's file: a system call, so not critical.
        mimeFree = Native.function(curl, "curl_mime_free", Native.returningNothing(P), false);
        mimeAddpart = Native.function(curl, "curl_mime_addpart", Native.returning(P, P), true);
        mimeName = Native.function(curl, "curl_mime_name", Native.returning(I, P, P), true);
        mimeFilename = Native.function(curl, "curl_mime_filename", Native.returning(I, P, P), true);
        mimeType = Native.function(curl, "curl_mime_type", Native.returning(I, P, P), true);
        // filedata stats the file: a system call, so not critical.
        mimeFiledata = Native.function(curl, "curl_mime_filedata", Native.returning(I, P, P), false);
        mimeData = Native.function(curl, "curl_mime_data", Native.returning(I, P, P, Native.SIZE_T), false);
        mimeDataCb = Native.function(curl, "curl_mime_data_cb", Native.returning(I, P, Native.OFF_T, P, P, P, P), true);
        mimeHeaders = Native.function(curl, "curl_mime_headers", Native.returning(I, P, P, I), true);
    }
}
