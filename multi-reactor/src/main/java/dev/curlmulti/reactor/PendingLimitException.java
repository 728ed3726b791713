package dev.curlmulti.reactor;

import dev.curlmulti.core.CurlException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

/**
 * A request got no connection within the client's pending limits
 * ({@link ConnectionPoolSettings#maxPendingRequests()} or {@link ConnectionPoolSettings#pendingTimeout()}):
 * nothing of it was sent, so it is safe to retry, whatever its method. {@link #limit()} says which
 * limit; the code is {@code CURLE_COULDNT_CONNECT} (7) and the root cause a
 * {@link java.net.ConnectException} (under a {@link java.net.SocketTimeoutException} for the
 * timeout), so connect-failure retry rules written for other clients apply.
 */
public final class PendingLimitException extends CurlException {
    private static final long serialVersionUID = 1L;

    /** Which limit a request met. */
    public enum Limit {
        /** {@link ConnectionPoolSettings#maxPendingRequests()} requests were already pending. */
        MAX_PENDING_REQUESTS,
        /** The request was pending for {@link ConnectionPoolSettings#pendingTimeout()}. */
        PENDING_TIMEOUT
    }

    private final Limit limit;

    PendingLimitException(Limit limit, String text) {
        super(7, text, cause(limit, text));
        this.limit = limit;
    }

    /** The limit the request met. */
    public Limit limit() {
        return limit;
    }

    private static Throwable cause(Limit limit, String text) {
        ConnectException connect = new ConnectException(text);
        if (limit == Limit.MAX_PENDING_REQUESTS) {
            return connect;
        }
        SocketTimeoutException timeout = new SocketTimeoutException(text);
        timeout.initCause(connect);
        return timeout;
    }
}
