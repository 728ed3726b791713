package dev.curlmulti.core.loop;

import java.time.Duration;

/**
 * Where a transfer's time went, from libcurl's {@code *_TIME_T} counters, in microseconds. Each is
 * measured from the start of the transfer (so they are cumulative, as in {@code curl -w}); a phase
 * that did not happen (no TLS, a reused connection) repeats the previous value or is 0.
 *
 * @param nameLookup    DNS resolution done
 * @param connect       TCP connection established
 * @param appConnect    TLS handshake done (0 without TLS)
 * @param preTransfer   about to send the request
 * @param startTransfer first response byte received
 * @param total         whole transfer, including redirects
 * @param redirect      time spent in followed redirects before the final request
 * @param pending       measured by the client, not libcurl: from the moment the loop handed the
 *                      transfer to libcurl until libcurl had a connection for its request, so the
 *                      wait behind connection limits (or for an HTTP/2 stream) plus, for a new
 *                      connection, connecting; libcurl 7.80+ ({@code CURLOPT_PREREQFUNCTION}), else 0
 */
public record TransferTimings(
        long nameLookup,
        long connect,
        long appConnect,
        long preTransfer,
        long startTransfer,
        long total,
        long redirect,
        long pending) {
    /** No timings (not collected). */
    public static final TransferTimings NONE = new TransferTimings(0, 0, 0, 0, 0, 0, 0, 0);

    /** libcurl's timings alone ({@link #pending()} 0). */
    public TransferTimings(
            long nameLookup,
            long connect,
            long appConnect,
            long preTransfer,
            long startTransfer,
            long total,
            long redirect) {
        this(nameLookup, connect, appConnect, preTransfer, startTransfer, total, redirect, 0);
    }

    /** {@link #total()} as a {@link Duration}. */
    public Duration totalDuration() {
        return Duration.ofNanos(total * 1000);
    }
}
