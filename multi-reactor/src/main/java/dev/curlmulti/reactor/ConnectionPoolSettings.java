package dev.curlmulti.reactor;

import dev.curlmulti.reactor.internal.HeaderRules;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link CurlClient} keeps its connections and how long requests may wait for one:
 * {@code CurlClient.builder().connectionPool(p -> p.withMaxPendingRequests(1000)
 *         .withPendingTimeout(Duration.ofSeconds(5)))}.
 * The connection limits themselves are {@link CurlClient.Builder#maxConnections} and
 * {@link CurlClient.Builder#maxConnectionsPerHost}.
 *
 * <p><b>Pending</b> means handed to libcurl and not yet holding a connection: waiting behind the
 * connection limits or for an HTTP/2 stream, or connecting. libcurl reports the moment a request
 * gets its connection only from 7.80 on ({@code CURLOPT_PREREQFUNCTION}); on an older libcurl the
 * client refuses the pending limits when it is built.
 *
 * <p><b>Idle connections</b> are reused for at most {@link #DEFAULT_MAX_IDLE_TIME} (30 s) unless
 * changed, not libcurl's 118 s: a load balancer or server that closes a connection idle for 60 s
 * (AWS's ALB, Tomcat) can close it just as a request goes out on it, and libcurl cannot resend a
 * streamed body. {@link #withLibcurlMaxIdleTime()} gives libcurl's own limit back.
 *
 * <p>Immutable; each {@code with} method returns a copy and checks its value at once
 * ({@link IllegalArgumentException}).
 *
 * @param maxIdleTime         a cached connection idle longer than this is closed instead of reused
 *                            ({@code CURLOPT_MAXAGE_CONN}, whole seconds; {@link #DEFAULT_MAX_IDLE_TIME}
 *                            unless changed), or null: libcurl's own limit (118 s)
 * @param maxLifetime         a connection older than this is not reused, however busy
 *                            ({@code CURLOPT_MAXLIFETIME_CONN}, whole seconds, libcurl 7.80+), or null
 * @param maxPendingRequests  at most this many requests pending at once per client (0: no limit);
 *                            one more fails at once with {@link PendingLimitException}
 * @param pendingTimeout      a request pending longer than this fails with {@link PendingLimitException}, or null
 * @param closeIdleConnectionsAfter with nothing running on a loop for this long, its cached connections
 *                            are closed (libcurl itself closes an idle connection only when a later
 *                            request looks at the cache), or null: never
 */
public record ConnectionPoolSettings(
        Duration maxIdleTime,
        Duration maxLifetime,
        int maxPendingRequests,
        Duration pendingTimeout,
        Duration closeIdleConnectionsAfter) {
    /**
     * How long a connection may sit idle and still be reused, unless changed: 30 s, as the JDK's
     * and Jetty's clients, below the 60 s after which common load balancers and servers close it.
     */
    public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofSeconds(30);

    /** {@link #DEFAULT_MAX_IDLE_TIME}, libcurl's other defaults and no pending limits. */
    public static final ConnectionPoolSettings DEFAULT =
            new ConnectionPoolSettings(DEFAULT_MAX_IDLE_TIME, null, 0, null, null);

    public ConnectionPoolSettings {
        checkSeconds("maxIdleTime", maxIdleTime);
        checkSeconds("maxLifetime", maxLifetime);
        if (maxPendingRequests < 0) {
            throw new IllegalArgumentException("maxPendingRequests must be >= 0: " + maxPendingRequests);
        }
        if (pendingTimeout != null && (pendingTimeout.isNegative() || pendingTimeout.isZero())) {
            throw new IllegalArgumentException("pendingTimeout must be positive: " + pendingTimeout);
        }
        HeaderRules.checkTimeout("pendingTimeout", pendingTimeout);
        if (closeIdleConnectionsAfter != null
                && (closeIdleConnectionsAfter.isNegative() || closeIdleConnectionsAfter.isZero())) {
            throw new IllegalArgumentException(
                    "closeIdleConnectionsAfter must be positive: " + closeIdleConnectionsAfter);
        }
        HeaderRules.checkTimeout("closeIdleConnectionsAfter", closeIdleConnectionsAfter);
    }

    /** Close cached connections idle for longer than {@code value} instead of reusing them. */
    public ConnectionPoolSettings withMaxIdleTime(Duration value) {
        return new ConnectionPoolSettings(
                Objects.requireNonNull(value, "maxIdleTime"),
                maxLifetime,
                maxPendingRequests,
                pendingTimeout,
                closeIdleConnectionsAfter);
    }

    /**
     * Leave {@code CURLOPT_MAXAGE_CONN} to libcurl: connections idle up to its own limit (118 s)
     * are reused, as with the curl tool and libcurl before this client chose 30 s.
     */
    public ConnectionPoolSettings withLibcurlMaxIdleTime() {
        return new ConnectionPoolSettings(
                null, maxLifetime, maxPendingRequests, pendingTimeout, closeIdleConnectionsAfter);
    }

    /** Reuse no connection older than {@code value} (libcurl 7.80+). */
    public ConnectionPoolSettings withMaxLifetime(Duration value) {
        return new ConnectionPoolSettings(
                maxIdleTime,
                Objects.requireNonNull(value, "maxLifetime"),
                maxPendingRequests,
                pendingTimeout,
                closeIdleConnectionsAfter);
    }

    /** At most {@code count} requests pending at once (0: no limit). */
    public ConnectionPoolSettings withMaxPendingRequests(int count) {
        return new ConnectionPoolSettings(maxIdleTime, maxLifetime, count, pendingTimeout, closeIdleConnectionsAfter);
    }

    /** Fail a request still pending after {@code value}. */
    public ConnectionPoolSettings withPendingTimeout(Duration value) {
        return new ConnectionPoolSettings(
                maxIdleTime,
                maxLifetime,
                maxPendingRequests,
                Objects.requireNonNull(value, "pendingTimeout"),
                closeIdleConnectionsAfter);
    }

    /** Close a loop's cached connections once nothing has run on it for {@code value}. */
    public ConnectionPoolSettings withCloseIdleConnectionsAfter(Duration value) {
        return new ConnectionPoolSettings(
                maxIdleTime,
                maxLifetime,
                maxPendingRequests,
                pendingTimeout,
                Objects.requireNonNull(value, "closeIdleConnectionsAfter"));
    }

    /** Whether requests are counted while pending (a limit or a timeout is set). */
    boolean tracksPending() {
        return maxPendingRequests > 0 || pendingTimeout != null;
    }

    private static void checkSeconds(String what, Duration value) {
        if (value != null && (value.compareTo(Duration.ofSeconds(1)) < 0 || value.getSeconds() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(
                    what + " must be 1 s to " + Integer.MAX_VALUE + " s (libcurl counts whole seconds): " + value);
        }
    }
}
