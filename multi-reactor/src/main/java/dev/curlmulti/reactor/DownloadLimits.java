package dev.curlmulti.reactor;

/**
 * The bounds a {@link DownloadBatch} keeps: downloads at once overall and per host, and received
 * bytes per second overall and per host. Immutable; the {@code with...} methods return a changed
 * copy. A rate or per-host bound of 0 means none.
 *
 * <p>A host is the scheme, host and port of a request's URL. {@code perHost} counts downloads, not
 * connections: a segmented download ({@link DownloadRequest#withSegments}) is one download of its
 * host, and its connections are bounded by its own {@code segments}. In aria2c's terms,
 * {@code concurrency} is {@code -j} and a request's segments are {@code -x}/{@code -s}. Downloads
 * waiting for a busy host's slot do not hold the batch's slots, so other hosts' downloads go on.
 *
 * <p>The rate limits hold across every transfer of the batch (libcurl's
 * {@code MAX_RECV_SPEED_LARGE} bounds one transfer only): token buckets with a burst of a tenth of
 * a second's bytes (16 KiB at least). A transfer whose next chunk would go over is paused and
 * resumed by a timer when the budget allows, in the order they waited, so a limit costs no busy
 * loop and starves no transfer. A chunk is never split: one may overdraw the budget by up to a
 * chunk (16 KiB), which the next ones pay back. Time paused counts against the client's
 * {@code totalTimeout} if one is set; no other client timeout applies to a download's body.
 *
 * @param concurrency          downloads at once, >= 1
 * @param perHost              downloads at once from one host, 0 for no bound besides
 *                             {@code concurrency}
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

    /** At most {@code downloads} downloads from one host at once (0: no bound). */
    public DownloadLimits withPerHost(int downloads) {
        return new DownloadLimits(concurrency, downloads, bytesPerSecond, perHostBytesPerSecond);
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
