package dev.curlmulti.core.loop;

/**
 * A transfer on a {@link CurlEventLoop}, made by {@link CurlEventLoop#newTransfer} and run by
 * {@link #start()} (or both at once by {@link CurlEventLoop#submit}). {@link #start()},
 * {@link #cancel()} and {@link #resume()} are safe from any thread, including from inside the
 * transfer's own handler: they only record the wish and let the loop act when libcurl is not
 * running. A transfer cancelled before it starts never reaches libcurl: once started, its handler
 * gets the cancellation error.
 */
public interface Transfer {
    /**
     * Hands the transfer to its loop. If the loop is closed, the handler gets
     * {@link EventLoopClosedException} at once, on this thread.
     *
     * @throws IllegalStateException the transfer was already started
     */
    void start();

    /**
     * Aborts the transfer if it has not finished (or, not yet started, as soon as it starts). Its handler then gets
     * {@link java.util.concurrent.CancellationException} in {@code onError} (unless it completed
     * first). Idempotent.
     */
    void cancel();

    /**
     * Aborts the transfer if it has not finished, with {@code reason} as the error its handler gets
     * (a timeout or size limit enforced outside libcurl, an error in the request body). Idempotent:
     * the first reason wins.
     */
    void cancel(Throwable reason);

    /** Unpauses receiving and sending after the handler refused data or the upload had none. */
    void resume();

    /** True once the handler has had its terminal call. */
    boolean isDone();

    /**
     * What libcurl has done so far (a few {@code curl_easy_getinfo} calls). Loop thread only: from
     * a {@link TransferHandler} method or a task given to {@link CurlEventLoop#execute}; elsewhere
     * it throws {@link IllegalStateException}. Before the transfer started and after it ended it
     * reports nothing sent ({@code -1, 0, 0}).
     */
    TransferProgress progress();
}
