package dev.curlmulti.reactor;

/**
 * The bounds a {@link DownloadBatch} keeps: downloads at once overall and per host, and received
 * bytes per second overall and per host. Immutable; the {@code with...} methods return a changed
 * copy. A rate or per-host bound of 0 means none.
 *
 * <p>A segmented download ({@link DownloadRequest#withSegments}) counts each of its connections
 * against the per-host bound. The rate limits hold across every transfer of the batch (libcurl's
 * {@code MAX_RECV_SPEED_LARGE} bounds one transfer only): a transfer that would go over the budget
 * is paused and resumed when the budget allows, so a limit costs no busy loop.
 *
 * @param concurrency          downloads at once, >= 1
 * @param perHost              connections at once to one host (scheme, host and port), 0 for no
 *                             bound besides {@code concurrency}
 * @param bytesPerSecond       received bytes per second over the whole batch, 0 for no limit
 * @param perHostBytesPerSecond received bytes per second from one host, 0 for no limit
 */
public record DownloadLimits(int concurrency, int perHost, long bytesPerSecond, long perHostBytesPerSecond) {
    public DownloadLimits {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
        }
        if (perHost < 0 || bytesPerSecond < 0 || perHostBytesPerSecond < 0) {
            throw new IllegalArgumentException("limits must be >= 0 (0 for none): perHost " + perHost
                    + ", bytesPerSecond " + bytesPerSecond + ", perHostBytesPerSecond " + perHostBytesPerSecond);
        }
    }

    /** {@code concurrency} downloads at once, no other bound. */
    public static DownloadLimits of(int concurrency) {
        return new DownloadLimits(concurrency, 0, 0, 0);
    }

    /** At most {@code connections} connections to one host at once (0: no bound). */
    public DownloadLimits withPerHost(int connections) {
        return new DownloadLimits(concurrency, connections, bytesPerSecond, perHostBytesPerSecond);
    }

    /** At most {@code limit} received bytes per second over the batch (0: none). */
    public DownloadLimits withRate(long limit) {
        return new DownloadLimits(concurrency, perHost, limit, perHostBytesPerSecond);
    }

    /** At most {@code limit} received bytes per second from one host (0: none). */
    public DownloadLimits withPerHostRate(long limit) {
        return new DownloadLimits(concurrency, perHost, bytesPerSecond, limit);
    }
}
