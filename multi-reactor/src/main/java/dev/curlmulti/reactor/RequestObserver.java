package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.TransferResult;
import java.util.List;
import reactor.util.context.ContextView;

/**
 * Sees every request a client sends, for metrics and tracing ({@link CurlClient.Builder#observe}).
 * The Micrometer ones are {@code dev.curlmulti.reactor.micrometer.CurlClientMetrics} and
 * {@code CurlClientObservations}.
 *
 * <p><b>Threading:</b> {@link #start} runs on the subscribing thread before anything is sent;
 * {@link Recording#end} once per request, usually on a loop thread, so it must be quick and must
 * not block; it must not throw (an exception is logged and dropped). {@link #loopsStarted} and
 * {@link #loopsClosed} run once per set of loop threads a client makes or closes.
 */
public interface RequestObserver {
    /**
     * A request begins; what it returns hears how it ends. {@code context} is the subscriber's
     * Reactor context (where an enclosing observation may be).
     */
    Recording start(CurlRequest request, ContextView context);

    /** The client made these loop threads (named {@code client}); a chance to watch them (gauges). */
    default void loopsStarted(String client, List<CurlEventLoop> loops) {}

    /** The loops are closed; stop watching them. */
    default void loopsClosed(String client, List<CurlEventLoop> loops) {}

    /** One request's observation. */
    interface Recording {
        /**
         * The request to send: the one given to {@link #start}, or a copy with headers added
         * (a trace context). The next observer starts with this one.
         */
        default CurlRequest request(CurlRequest started) {
            return started;
        }

        /**
         * The request ended: {@code status} is the final response's code (0 when no response head
         * arrived), {@code facts} libcurl's numbers for a transfer that completed (null when it
         * failed or never started), {@code error} null on success, else why it failed or was
         * cancelled (also after the head: a body cut short).
         */
        void end(int status, TransferResult facts, Throwable error);
    }
}
