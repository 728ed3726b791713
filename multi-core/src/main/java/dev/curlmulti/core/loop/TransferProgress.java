package dev.curlmulti.core.loop;

/**
 * How far a running transfer has got, read from libcurl on the loop thread by
 * {@link Transfer#progress()}.
 *
 * @param requestSentNanos when libcurl started sending the request on a connection, on the
 *                         {@link System#nanoTime()} clock (after any wait for a free connection,
 *                         the connect and the TLS handshake), or -1 while it has not yet
 * @param bytesSent        request body bytes sent so far
 * @param bytesReceived    response body bytes received so far, as they arrived (a compressed body counts
 *                         its encoded bytes)
 */
public record TransferProgress(long requestSentNanos, long bytesSent, long bytesReceived) {
    /** True once the request has started going out. */
    public boolean requestSent() {
        return requestSentNanos >= 0;
    }
}
