package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.LoopTimer;
import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferResult;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's pending limits ({@link ConnectionPoolSettings}): counts its requests from admission
 * until libcurl has a connection for them ({@link TransferHandler#onRequestSent}) or they end, refuses
 * one over {@code maxPendingRequests}, and fails one still pending after {@code pendingTimeout}.
 * Made only when a limit is set, so clients without limits pay nothing per request.
 *
 * <p><b>Threading:</b> {@link #admit} from any thread; the handler it returns runs on the loop thread.
 */
final class PendingGate {
    private final int maxPending;
    private final long timeoutNanos;
    private final AtomicInteger pending = new AtomicInteger();

    private PendingGate(ConnectionPoolSettings settings) {
        this.maxPending = settings.maxPendingRequests();
        this.timeoutNanos = settings.pendingTimeout() == null
                ? 0
                : settings.pendingTimeout().toNanos();
    }

    /** The gate for {@code settings}, or null when they set no pending limit. */
    static PendingGate of(ConnectionPoolSettings settings) {
        return settings.tracksPending() ? new PendingGate(settings) : null;
    }

    /** Requests of this client pending now. */
    int pending() {
        return pending.get();
    }

    /**
     * Counts one more request pending; follow with {@link #track} for its transfer, or with
     * {@link #leave} when it is not made after all.
     *
     * @throws PendingLimitException {@code maxPendingRequests} are already pending
     */
    void enter() throws PendingLimitException {
        int now = pending.incrementAndGet();
        if (maxPending > 0 && now > maxPending) {
            pending.decrementAndGet();
            throw new PendingLimitException(
                    PendingLimitException.Limit.MAX_PENDING_REQUESTS,
                    maxPending + " requests are already waiting for a connection (maxPendingRequests)");
        }
    }

    /** Counts out a request {@link #enter entered} whose transfer was not made. */
    void leave() {
        pending.decrementAndGet();
    }

    /** {@code handler} wrapped to count its entered request out at its connection or its end. */
    TransferHandler track(TransferHandler handler, CurlEventLoop loop) {
        return new Tracked(handler, loop);
    }

    /** The request's handler, counting it out once: at its connection or at its end. */
    private final class Tracked extends ForwardingTransferHandler {
        private final CurlEventLoop loop;
        private boolean counted = true;
        private LoopTimer timer;

        Tracked(TransferHandler inner, CurlEventLoop loop) {
            super(inner);
            this.loop = loop;
        }

        private void countOut() {
            if (counted) {
                counted = false;
                pending.decrementAndGet();
                if (timer != null) {
                    timer.cancel();
                }
            }
        }

        @Override
        public void onStart(Transfer transfer) {
            if (timeoutNanos > 0) {
                timer = loop.schedule(
                        () -> {
                            if (counted) {
                                transfer.cancel(new PendingLimitException(
                                        PendingLimitException.Limit.PENDING_TIMEOUT,
                                        "no connection for the request within "
                                                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                                                + " ms (pendingTimeout)"));
                            }
                        },
                        timeoutNanos,
                        TimeUnit.NANOSECONDS);
            }
            inner.onStart(transfer);
        }

        @Override
        public void onRequestSent() {
            countOut();
            inner.onRequestSent();
        }

        @Override
        public void onComplete(TransferResult result) {
            countOut();
            inner.onComplete(result);
        }

        @Override
        public void onError(Throwable error) {
            countOut();
            inner.onError(error);
        }
    }
}
