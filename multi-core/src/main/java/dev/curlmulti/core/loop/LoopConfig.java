package dev.curlmulti.core.loop;

import dev.curlmulti.core.CurlMultiOpt;
import dev.curlmulti.core.internal.MultiHandle;

/**
 * Settings of one {@link CurlEventLoop}'s multi handle. Immutable.
 *
 * @param maxTotalConnections  {@code CURLMOPT_MAX_TOTAL_CONNECTIONS}: open connections at most (0 = no limit);
 *                             transfers beyond it wait in libcurl's queue
 * @param maxHostConnections   {@code CURLMOPT_MAX_HOST_CONNECTIONS}: per host (0 = no limit)
 * @param maxConcurrentStreams {@code CURLMOPT_MAX_CONCURRENT_STREAMS}: HTTP/2 streams per connection
 * @param maxCachedConnections {@code CURLMOPT_MAXCONNECTS}: idle connections kept for reuse (0 = libcurl's default)
 * @param driver               how the loop drives libcurl ({@link LoopDriverKind#defaultKind()} by default)
 * @param accounting           keep {@link LoopStats} (busy time, queued commands, open sockets): two
 *                             clock reads per turn; off by default
 * @param closeIdleConnectionsAfter with no transfer running for this long, the loop closes its cached
 *                             connections (by replacing its multi handle: {@code curl_multi_cleanup}
 *                             closes them); null: never (libcurl keeps them until a later transfer
 *                             finds them too old, {@code CURLOPT_MAXAGE_CONN})
 */
public record LoopConfig(
        int maxTotalConnections,
        int maxHostConnections,
        int maxConcurrentStreams,
        int maxCachedConnections,
        LoopDriverKind driver,
        boolean accounting,
        java.time.Duration closeIdleConnectionsAfter) {
    /**
     * No connection limits, 100 streams per HTTP/2 connection, libcurl's cache size, the default driver, no accounting.
     */
    public static final LoopConfig DEFAULT = new LoopConfig(0, 0, 100, 0, LoopDriverKind.defaultKind(), false, null);

    public LoopConfig {
        if (driver == null) {
            throw new IllegalArgumentException("driver is null");
        }
        if (maxTotalConnections < 0 || maxHostConnections < 0 || maxConcurrentStreams < 1 || maxCachedConnections < 0) {
            throw new IllegalArgumentException("connection limits must be >= 0 (streams >= 1)");
        }
        if (closeIdleConnectionsAfter != null
                && (closeIdleConnectionsAfter.isNegative() || closeIdleConnectionsAfter.isZero())) {
            throw new IllegalArgumentException(
                    "closeIdleConnectionsAfter must be positive: " + closeIdleConnectionsAfter);
        }
    }

    public LoopConfig withMaxTotalConnections(int value) {
        return new LoopConfig(
                value,
                maxHostConnections,
                maxConcurrentStreams,
                maxCachedConnections,
                driver,
                accounting,
                closeIdleConnectionsAfter);
    }

    public LoopConfig withMaxHostConnections(int value) {
        return new LoopConfig(
                maxTotalConnections,
                value,
                maxConcurrentStreams,
                maxCachedConnections,
                driver,
                accounting,
                closeIdleConnectionsAfter);
    }

    public LoopConfig withMaxConcurrentStreams(int value) {
        return new LoopConfig(
                maxTotalConnections,
                maxHostConnections,
                value,
                maxCachedConnections,
                driver,
                accounting,
                closeIdleConnectionsAfter);
    }

    public LoopConfig withMaxCachedConnections(int value) {
        return new LoopConfig(
                maxTotalConnections,
                maxHostConnections,
                maxConcurrentStreams,
                value,
                driver,
                accounting,
                closeIdleConnectionsAfter);
    }

    public LoopConfig withDriver(LoopDriverKind value) {
        return new LoopConfig(
                maxTotalConnections,
                maxHostConnections,
                maxConcurrentStreams,
                maxCachedConnections,
                value,
                accounting,
                closeIdleConnectionsAfter);
    }

    public LoopConfig withAccounting(boolean value) {
        return new LoopConfig(
                maxTotalConnections,
                maxHostConnections,
                maxConcurrentStreams,
                maxCachedConnections,
                driver,
                value,
                closeIdleConnectionsAfter);
    }

    public LoopConfig withCloseIdleConnectionsAfter(java.time.Duration value) {
        return new LoopConfig(
                maxTotalConnections,
                maxHostConnections,
                maxConcurrentStreams,
                maxCachedConnections,
                driver,
                accounting,
                value);
    }

    void applyTo(MultiHandle multi) {
        multi.setLong(CurlMultiOpt.MAX_TOTAL_CONNECTIONS, maxTotalConnections);
        multi.setLong(CurlMultiOpt.MAX_HOST_CONNECTIONS, maxHostConnections);
        multi.setLong(CurlMultiOpt.MAX_CONCURRENT_STREAMS, maxConcurrentStreams);
        if (maxCachedConnections > 0) {
            multi.setLong(CurlMultiOpt.MAXCONNECTS, maxCachedConnections);
        }
    }
}
