package dev.curlmulti.core.loop;

import java.nio.ByteBuffer;

/**
 * Receives one transfer's events from its {@link CurlEventLoop}.
 *
 * <p><b>Threading:</b> every method is called on the loop thread, often from inside libcurl's
 * callbacks. Never block here and never call libcurl; hand blocking work to another thread.
 * {@link Transfer#cancel()} and {@link Transfer#resume()} may be called from here.
 *
 * <p><b>Order:</b> {@link #onStart} once (unless the transfer never started), {@link #onRequestSent}
 * at most once, {@link #onHead} at most once, then {@link #onData} any number of times
 * ({@link #onHeaderLine} for each head and trailer line, in between as the lines arrive), then
 * exactly one of {@link #onComplete} or {@link #onError}, whatever happens: success, failure,
 * cancellation or the loop closing. A method that throws fails the transfer with that exception
 * (passed to {@link #onError}); an exception from a terminal method is logged.
 */
public interface TransferHandler {
    /**
     * The transfer is about to start (it may first wait in the loop's queue behind a total connection
     * limit), on the loop thread, before any other call: the place to keep
     * the {@link Transfer} for later {@code resume()}/{@code cancel()} calls. Not called for a
     * transfer cancelled or rejected before it started.
     */
    default void onStart(Transfer transfer) {}

    /**
     * libcurl is about to send the request: it has a connection for it (connected and TLS done, or
     * reused), after any wait for a free connection behind the loop's connection limits. Called once,
     * for the first request of the transfer (not again for a redirect or an authentication round),
     * from inside libcurl. With a libcurl older than 7.80, which cannot tell, it is called as the
     * transfer starts instead, so the wait for a connection is then included.
     */
    default void onRequestSent() {}

    /** The final response head; for redirects and 1xx only the last one comes here. */
    default void onHead(TransferHead head) {}

    /**
     * libcurl read one whole line of a response head or trailer: {@code bytes} long, its line end
     * included. Called for the lines of every head (interim ones too; the final head's before
     * {@link #onHead}) and for the trailer lines that follow a body; libcurl passes a line on only
     * once its end has arrived. For activity and size accounting, so keep it cheap: it runs inside
     * the header callback, once per line. The engine itself ends a transfer whose trailers exceed
     * {@link #MAX_TRAILER_BYTES} or {@link #MAX_TRAILER_LINES} with a
     * {@link dev.curlmulti.core.CurlTooLargeException}.
     *
     * @param trailer true for a trailer line (after a body), false for a head line
     */
    default void onHeaderLine(int bytes, boolean trailer) {}

    /**
     * The most trailer bytes a transfer may receive, summed over its responses: 300 KiB, what
     * libcurl 8.x allows a whole response head ({@code MAX_HTTP_RESP_HEADER_SIZE}). libcurl keeps every
     * trailer line for {@code curl_easy_header}, and 7.88 has no limit of its own.
     */
    int MAX_TRAILER_BYTES = 300 * 1024;

    /**
     * The most trailer lines a transfer may receive: 5,000, the number of header lines libcurl 8.x
     * keeps per transfer ({@code MAX_HTTP_RESP_HEADER_COUNT}). 7.88 keeps each line with about a
     * hundred bytes of its own bookkeeping, so short lines cost far more than their bytes.
     */
    int MAX_TRAILER_LINES = 5_000;

    /**
     * Body bytes. {@code chunk} is a read-only view of libcurl's buffer, valid only during the
     * call: copy or write out what you take.
     *
     * @return true when the chunk was taken; false pauses receiving, and the same bytes are offered
     *         again after {@link Transfer#resume()}
     */
    boolean onData(ByteBuffer chunk);

    /** The transfer succeeded (any HTTP status is a success at this level). */
    void onComplete(TransferResult result);

    /**
     * The transfer failed: a {@link dev.curlmulti.core.CurlException} from libcurl, the exception a handler method
     * threw, a {@link java.util.concurrent.CancellationException} after {@link Transfer#cancel()},
     * or an {@link EventLoopClosedException}.
     */
    void onError(Throwable error);

    /**
     * One piece of libcurl's debug stream ({@code CURLOPT_DEBUGFUNCTION}), when the handle's pool
     * routes it here ({@link HandlePool.Feature#DEBUG_TO_HANDLER}): {@code type} is libcurl's
     * {@code curl_infotype} (0 text, 1 header in, 2 header out, 3 data in, 4 data out, 5/6 TLS
     * data); {@code data} is valid only during the call. Loop thread; must not throw.
     */
    default void onDebug(int type, java.nio.ByteBuffer data) {}

    /**
     * Whether libcurl should report this transfer's progress to {@link #onProgress}. Asked once, on the
     * loop thread, as the transfer goes into libcurl. Default false: then no progress callback is
     * installed ({@code CURLOPT_NOPROGRESS} stays 1), so a transfer that does not ask pays nothing.
     */
    default boolean wantsProgress() {
        return false;
    }

    /**
     * libcurl's transfer-info callback ({@code CURLOPT_XFERINFOFUNCTION}), for a handler that
     * {@link #wantsProgress() wants it}: byte counts of the current response and request bodies,
     * totals 0 while unknown. libcurl calls it often (on every turn that touches the transfer, and about
     * once a second when nothing moves), from inside libcurl: keep it cheap. Throwing fails the transfer
     * with that exception.
     */
    default void onProgress(long downloadTotal, long downloaded, long uploadTotal, long uploaded) {}

    /** Whether to read per-phase timings at completion (about ten libcurl calls). Default true. */
    default boolean wantsTimings() {
        return true;
    }
}
