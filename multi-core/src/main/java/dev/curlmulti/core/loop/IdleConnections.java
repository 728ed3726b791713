package dev.curlmulti.core.loop;

/**
 * When a loop with nothing running should close its cached connections
 * ({@link LoopConfig#closeIdleConnectionsAfter()}): libcurl closes an idle connection only when a
 * later transfer looks at the cache, so a quiet loop would keep them open for good.
 *
 * <p><b>Threading:</b> loop thread only.
 */
final class IdleConnections {
    private final long afterNanos;
    /** Whether a transfer ran since the cache was last emptied (so there may be connections to close). */
    private boolean used;

    private long lastBusyNanos;

    IdleConnections(long afterNanos) {
        this.afterNanos = afterNanos;
    }

    /** Notes the end of a turn with {@code inFlight} transfers. */
    void turnEnded(int inFlight, long now) {
        if (inFlight > 0) {
            used = true;
            lastBusyNanos = now;
        }
    }

    /** Whether the connections should be closed now: on, used, and idle for long enough. */
    boolean due(long now) {
        return afterNanos > 0 && used && now - lastBusyNanos >= afterNanos;
    }

    /** The cache was emptied. */
    void closed() {
        used = false;
    }

    /** Milliseconds the loop may wait before {@link #due} turns true, or {@code max} when it will not. */
    long millisUntilDue(long now, long max) {
        if (afterNanos == 0 || !used) {
            return max;
        }
        long left = lastBusyNanos + afterNanos - now;
        return Math.max(0, Math.min(max, (left + 999_999) / 1_000_000));
    }
}
