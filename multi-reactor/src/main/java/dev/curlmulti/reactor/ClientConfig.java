package dev.curlmulti.reactor;

import static dev.curlmulti.reactor.ClientSettings.CONNECTION_POOL;
import static dev.curlmulti.reactor.ClientSettings.COOKIES;
import static dev.curlmulti.reactor.ClientSettings.LOOPS;
import static dev.curlmulti.reactor.ClientSettings.LOOP_DRIVER;
import static dev.curlmulti.reactor.ClientSettings.MAX_CONCURRENT_STREAMS;
import static dev.curlmulti.reactor.ClientSettings.MAX_CONNECTIONS;
import static dev.curlmulti.reactor.ClientSettings.MAX_CONNECTIONS_PER_HOST;
import static dev.curlmulti.reactor.ClientSettings.MAX_RESPONSE_SIZE;

import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.loop.LoopDriverKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link CurlClient}'s configuration: a value for every {@link ClientSettings definition} (its
 * default until set), plus what adds up (default headers, resolve entries, raw options, filters,
 * observers) and the credentials. A {@link CurlClient.Builder} writes a private draft (every value
 * checked by its definition) and builds from a {@link #copy()}; a client's instance is never
 * written again. Not thread-safe while a builder writes it; safe to share once built.
 */
final class ClientConfig {
    /** How credentials are sent. */
    enum AuthScheme {
        NONE,
        BASIC,
        DIGEST,
        BEARER
    }

    /** The settings' values, by {@link ClientSetting#index}. */
    private final Object[] values;

    AuthScheme authScheme = AuthScheme.NONE;
    String username;
    String password;
    String bearerToken;
    List<Map.Entry<String, String>> defaultHeaders = new ArrayList<>();
    List<String> resolve = new ArrayList<>();
    Map<CurlOpt, Object> options = new LinkedHashMap<>();
    List<CurlFilter> filters = new ArrayList<>();
    List<RequestObserver> observers = new ArrayList<>();
    /** The cookie store instead of libcurl's jar, or null ({@link CookieHandlerExchange}). */
    java.net.CookieHandler cookieHandler;

    /** Every setting at its default. */
    ClientConfig() {
        List<ClientSetting<?>> all = ClientSettings.all();
        values = new Object[all.size()];
        for (ClientSetting<?> setting : all) {
            values[setting.index] = setting.defaultValue();
        }
    }

    /** One loop per available processor, at most 8: enough for one busy host to use every core. */
    static int defaultLoops() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    /** The client's value of {@code setting}. */
    @SuppressWarnings("unchecked")
    <T> T get(ClientSetting<T> setting) {
        return (T) values[setting.index];
    }

    /** Sets {@code setting} after its definition checked {@code value}. */
    <T> void set(ClientSetting<T> setting, T value) {
        values[setting.index] = setting.check(value);
    }

    /** The value that applies to {@code request}: its own, else the client's (the one merge rule). */
    <T> T effective(ClientSetting<T> setting, CurlRequest request) {
        T own = request.setting(setting);
        return own != null ? own : get(setting);
    }

    /** An independent copy (the collections too). */
    ClientConfig copy() {
        ClientConfig copy = new ClientConfig(values.clone());
        copy.authScheme = authScheme;
        copy.username = username;
        copy.password = password;
        copy.bearerToken = bearerToken;
        copy.defaultHeaders = new ArrayList<>(defaultHeaders);
        copy.resolve = new ArrayList<>(resolve);
        copy.options = new LinkedHashMap<>(options);
        copy.observers = new ArrayList<>(observers);
        copy.filters = new ArrayList<>(filters);
        copy.cookieHandler = cookieHandler;
        return copy;
    }

    private ClientConfig(Object[] values) {
        this.values = values;
    }

    /** The body limit for {@code request}: its own, else the client's (negative: none). */
    long maxResponseSize(CurlRequest request) {
        Long limit = effective(MAX_RESPONSE_SIZE, request);
        return limit == null ? -1 : limit;
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
    record LoopShape(
            int loops,
            int maxConnections,
            int maxConnectionsPerHost,
            int maxConcurrentStreams,
            boolean cookies,
            LoopDriverKind driver,
            List<RequestObserver> observers,
            Duration closeIdleConnectionsAfter) {}

    LoopShape loopShape() {
        return new LoopShape(
                get(LOOPS),
                get(MAX_CONNECTIONS),
                get(MAX_CONNECTIONS_PER_HOST),
                get(MAX_CONCURRENT_STREAMS),
                get(COOKIES),
                get(LOOP_DRIVER),
                List.copyOf(observers),
                get(CONNECTION_POOL).closeIdleConnectionsAfter());
    }
}
