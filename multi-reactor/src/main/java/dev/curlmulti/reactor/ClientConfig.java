package dev.curlmulti.reactor;

import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.loop.LoopDriverKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a {@link CurlClient}, with its default: the one place the settings are listed.
 * A {@link CurlClient.Builder} writes a private draft (after checking each value) and builds from a
 * {@link #copy()}; a client's instance is never written again, and the package reads its fields
 * directly. Not thread-safe while a builder writes it; safe to share once built.
 */
final class ClientConfig implements Cloneable {
    /** How credentials are sent. */
    enum AuthScheme { NONE, BASIC, DIGEST, BEARER }

    int loops = defaultLoops();
    int maxConnections;
    int maxConnectionsPerHost;
    int maxConcurrentStreams = 100;
    HttpVersion httpVersion = HttpVersion.HTTP_2_TLS;
    Duration connectTimeout = Duration.ofSeconds(30);
    Duration responseTimeout;
    Duration totalTimeout;
    Duration idleTimeout;
    Duration bodySubscribeTimeout = Duration.ofSeconds(10);
    int maxRedirects;
    boolean compression;
    long maxResponseSize = -1;
    long maxInMemorySize = 16L << 20;
    ProxyConfig proxy;
    boolean environmentProxy;
    TlsConfig tls = TlsConfig.DEFAULT;
    boolean insecure;
    boolean cookies;
    AuthScheme authScheme = AuthScheme.NONE;
    String username;
    String password;
    String bearerToken;
    List<Map.Entry<String, String>> defaultHeaders = new ArrayList<>();
    String userAgent = "curl-multi-jvm/0.1 libcurl";
    List<String> resolve = new ArrayList<>();
    Path unixSocket;
    Map<CurlOpt, Object> options = new LinkedHashMap<>();
    List<String> protocols = List.of("http", "https");
    boolean timings = true;
    ConnectionPoolSettings pool = ConnectionPoolSettings.DEFAULT;
    List<CurlFilter> filters = new ArrayList<>();
    /** Null: no retries. */
    RetryPolicy retry;
    List<RequestObserver> observers = new ArrayList<>();
    /** libcurl's debug stream to the {@code dev.curlmulti.wire} logger ({@link WireLog}). */
    boolean wiretap;
    LoopDriverKind loopDriver = LoopDriverKind.defaultKind();

    /** One loop per available processor, at most 8: enough for one busy host to use every core. */
    static int defaultLoops() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    /** An independent copy (the collections too). */
    ClientConfig copy() {
        try {
            ClientConfig copy = (ClientConfig) clone();
            copy.defaultHeaders = new ArrayList<>(defaultHeaders);
            copy.resolve = new ArrayList<>(resolve);
            copy.options = new LinkedHashMap<>(options);
            copy.observers = new ArrayList<>(observers);
            copy.filters = new ArrayList<>(filters);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** The body limit for {@code request}: its own, else the client's (negative: none). */
    long maxResponseSize(CurlRequest request) {
        return request.maxResponseSize() != null ? request.maxResponseSize() : maxResponseSize;
    }

    /** The response-head limit for {@code request}: its own, else the client's (null: none). */
    Duration responseTimeout(CurlRequest request) {
        return request.responseTimeout() != null ? request.responseTimeout() : responseTimeout;
    }

    /** The error for a response body (counted after decoding) that went past {@code limit}. */
    static CurlTooLargeException bodyTooLarge(long limit) {
        return new CurlTooLargeException(63, "response body exceeds the limit of " + limit + " bytes (decoded)");
    }

    static CurlTooLargeException trailersTooLarge(long limit) {
        return new CurlTooLargeException(63, "response body and trailers exceed the limit of " + limit + " bytes");
    }

    /**
     * Settings that shape the loops (and so can be shared by clients that agree on them); observed
     * clients keep loop statistics and tell their observers about the loops.
     */
    record LoopShape(int loops, int maxConnections, int maxConnectionsPerHost, int maxConcurrentStreams,
                     boolean cookies, LoopDriverKind driver, List<RequestObserver> observers,
                     Duration closeIdleConnectionsAfter) {
    }

    LoopShape loopShape() {
        return new LoopShape(loops, maxConnections, maxConnectionsPerHost, maxConcurrentStreams, cookies, loopDriver,
                List.copyOf(observers), pool.closeIdleConnectionsAfter());
    }
}
