package dev.curlmulti.core;

/**
 * Transfer progress ({@link CurlOpt#XFERINFOFUNCTION}); byte counts are {@code curl_off_t}. Setting
 * one also turns {@link CurlOpt#NOPROGRESS} off, since libcurl would not call it otherwise.
 * Called on the thread that drives the transfer; must not call libcurl.
 */
@FunctionalInterface
public interface ProgressFunction {
    /**
     * @return 0 (or {@link Curl#PROGRESSFUNC_CONTINUE}) to go on; anything else aborts the transfer
     *         with {@code CURLE_ABORTED_BY_CALLBACK}
     */
    int progress(long downloadTotal, long downloadNow, long uploadTotal, long uploadNow);
}
