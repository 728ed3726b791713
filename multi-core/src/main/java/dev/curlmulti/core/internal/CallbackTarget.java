package dev.curlmulti.core.internal;

/**
 * What one transfer does when libcurl calls back. The shared native callbacks find the target by
 * the id libcurl hands them as userdata (see {@link CallbackRegistry}) and call it on the thread
 * that is inside {@code curl_multi_perform} or {@code curl_easy_perform}.
 *
 * <p>Contract: implementations must not call libcurl, except {@code curl_easy_pause}, and should
 * be quick. They may throw: the dispatcher catches every {@link Throwable}, hands it to
 * {@link #callbackFailed(Throwable)} and returns the value that makes libcurl abort the transfer.
 * Addresses are valid only for the duration of the call.
 */
public interface CallbackTarget {
    /** Body bytes at {@code address}; return {@code length}, or {@code CURL_WRITEFUNC_PAUSE}. */
    long onWrite(long address, long length);

    /** One header line (with its CR LF); return {@code length} to go on. */
    long onHeader(long address, long length);

    /** Fill up to {@code capacity} bytes at {@code address}; return the count, 0 at end, or a pause/abort code. */
    long onRead(long address, long capacity);

    /**
     * Fill up to {@code capacity} bytes at {@code address} for the streamed mime part numbered
     * {@code part} on this handle ({@code curl_mime_data_cb}); returns as {@link #onRead}. A target
     * that streams no mime parts aborts.
     */
    default long onMimeRead(int part, long address, long capacity) {
        return CallbackCodes.READ_ABORT;
    }

    /** Transfer progress; return 0 to go on, anything else aborts. */
    int onProgress(long downloadTotal, long downloadNow, long uploadTotal, long uploadNow);

    /** Verbose output of libcurl ({@code CURLOPT_VERBOSE}); {@code type} is a {@code curl_infotype}. */
    void onDebug(int type, long address, long length);

    /**
     * libcurl has a connection for the transfer (new or reused, TLS done) and is about to send the
     * request ({@code CURLOPT_PREREQFUNCTION}, libcurl 7.80+); return 0 to go on, 1 to abort.
     * {@code localPort} is the connection's local port: with the remote host it names the connection
     * (HTTP/2 streams on one connection share it).
     */
    default int onPrereq(int localPort) {
        return 0;
    }

    /** A callback of this target threw; the transfer is being aborted. */
    void callbackFailed(Throwable error);
}
