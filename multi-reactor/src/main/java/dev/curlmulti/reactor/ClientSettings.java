package dev.curlmulti.reactor;

import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.reactor.internal.HeaderRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Every single-valued setting of a {@link CurlClient}, each defined once ({@link ClientSetting}): the
 * client builder, the request builder, the merge of a request's values over the client's, and Spring's
 * {@code curl.multi.*} binding all go through these definitions. What adds up rather than replaces
 * (default headers, resolve entries, raw options, filters, observers) and the credentials are the
 * builder's own. Thread-safe: the definitions are constants.
 */
public final class ClientSettings {
    private static final List<ClientSetting<?>> ALL = new ArrayList<>();

    /** Loop threads; default one per processor, at most 8. */
    public static final ClientSetting<Integer> LOOPS =
            define("loops", Integer.class, ClientConfig::defaultLoops, false, v -> positive("loops", v));
    /** Open connections per loop at most, 0 = no limit. */
    public static final ClientSetting<Integer> MAX_CONNECTIONS =
            define("maxConnections", Integer.class, () -> 0, false, v -> nonNegative("maxConnections", v));
    /** Connections per host at most, 0 = no limit. */
    public static final ClientSetting<Integer> MAX_CONNECTIONS_PER_HOST = define(
            "maxConnectionsPerHost", Integer.class, () -> 0, false, v -> nonNegative("maxConnectionsPerHost", v));
    /** HTTP/2 streams per connection. */
    public static final ClientSetting<Integer> MAX_CONCURRENT_STREAMS =
            define("maxConcurrentStreams", Integer.class, () -> 100, false, v -> positive("maxConcurrentStreams", v));
    /** How loops drive libcurl. */
    public static final ClientSetting<LoopDriverKind> LOOP_DRIVER =
            define("loopDriver", LoopDriverKind.class, LoopDriverKind::defaultKind, false, v -> v);
    /** Schemes allowed for requests and redirects. */
    public static final ClientSetting<List<String>> PROTOCOLS = ClientSettings.<List<String>>define(
                    "protocols", List.class, () -> List.of("http", "https"), false, List::copyOf)
            .onTemplate(TemplateOptions::applyProtocols);
    /** {@code CURLOPT_HTTP_VERSION}. */
    public static final ClientSetting<HttpVersion> HTTP_VERSION = define(
                    "httpVersion", HttpVersion.class, () -> HttpVersion.HTTP_2_TLS, false, v -> v)
            .onTemplate(ClientSettings::setHttpVersion)
            .overridable(ClientSettings::setHttpVersion);
    /** Time to connect, TLS included ({@code CURLOPT_CONNECTTIMEOUT_MS}). */
    public static final ClientSetting<Duration> CONNECT_TIMEOUT = timeout("connectTimeout", Duration.ofSeconds(30))
            .onTemplate((c, v, config) -> c.setopt(CurlOpt.CONNECTTIMEOUT_MS, v.toMillis()))
            .overridable((c, v, config) -> c.setopt(CurlOpt.CONNECTTIMEOUT_MS, Math.max(1, v.toMillis())));
    /** Time from sending the request to its final head, enforced by the client. */
    public static final ClientSetting<Duration> RESPONSE_TIMEOUT =
            timeout("responseTimeout", null).overridable();
    /** Whole-transfer limit ({@code CURLOPT_TIMEOUT_MS}), set on each transfer's handle. */
    public static final ClientSetting<Duration> TOTAL_TIMEOUT = timeout("totalTimeout", null)
            .perTransfer((c, v, config) -> c.setopt(CurlOpt.TIMEOUT_MS, Math.max(1, v.toMillis())));
    /** No byte received or sent for this long fails the transfer, enforced by the client. */
    public static final ClientSetting<Duration> IDLE_TIMEOUT =
            timeout("idleTimeout", null).overridable();
    /** How long a body may wait for a subscriber. */
    public static final ClientSetting<Duration> BODY_SUBSCRIBE_TIMEOUT =
            timeout("bodySubscribeTimeout", Duration.ofSeconds(10));
    /** Redirects followed at most, 0 = none ({@code CURLOPT_FOLLOWLOCATION}, {@code CURLOPT_MAXREDIRS}). */
    public static final ClientSetting<Integer> MAX_REDIRECTS = define(
                    "maxRedirects", Integer.class, () -> 0, false, v -> nonNegative("maxRedirects", v))
            .onTemplate((c, v, config) -> {
                if (v > 0) {
                    setRedirects(c, v);
                }
            })
            .overridable((c, v, config) -> setRedirects(c, v));
    /** Ask for and decode compressed responses ({@code CURLOPT_ACCEPT_ENCODING ""}). */
    public static final ClientSetting<Boolean> COMPRESSION = flag("compression", false)
            .onTemplate((c, v, config) -> {
                if (v) {
                    c.setopt(CurlOpt.ACCEPT_ENCODING, "");
                }
            })
            .overridable((c, v, config) -> c.setopt(CurlOpt.ACCEPT_ENCODING, v ? "" : null));
    /** Decoded body (and trailers) bytes at most, enforced by the client; null: no limit. */
    public static final ClientSetting<Long> MAX_RESPONSE_SIZE = optional(
                    "maxResponseSize", Long.class, v -> nonNegative("maxResponseSize", v))
            .overridable();
    /** Limit for the in-memory body helpers. */
    public static final ClientSetting<Long> MAX_IN_MEMORY_SIZE =
            define("maxInMemorySize", Long.class, () -> 16L << 20, false, v -> nonNegative("maxInMemorySize", v));
    /** The proxy ({@code CURLOPT_PROXY} and friends); null: none. */
    public static final ClientSetting<ProxyConfig> PROXY = optional("proxy", ProxyConfig.class, v -> v)
            .onTemplate(TemplateOptions::applyProxy)
            .overridable(RequestOptions::overrideProxy);
    /** Honour the proxy environment variables (without it, no proxy means {@code CURLOPT_PROXY ""}). */
    public static final ClientSetting<Boolean> ENVIRONMENT_PROXY =
            flag("useEnvironmentProxy", false).onTemplate(TemplateOptions::applyEnvironmentProxy);
    /** The connection pool's settings. */
    public static final ClientSetting<ConnectionPoolSettings> CONNECTION_POOL = define(
                    "connectionPool", ConnectionPoolSettings.class, () -> ConnectionPoolSettings.DEFAULT, false, v -> v)
            .onTemplate(TemplateOptions::applyPool);
    /** Trust, client certificates, versions, ciphers. */
    public static final ClientSetting<TlsConfig> TLS = define(
                    "tls", TlsConfig.class, () -> TlsConfig.DEFAULT, false, v -> v)
            .onTemplate(TemplateOptions::applyTls);
    /** Certificate and host name verification OFF ({@code CURLOPT_SSL_VERIFYPEER/HOST = 0}). */
    public static final ClientSetting<Boolean> INSECURE =
            flag("insecure", false).onTemplate(TemplateOptions::applyInsecure);
    /** A cookie jar shared by the client's requests ({@code CURLOPT_COOKIEFILE ""}). */
    public static final ClientSetting<Boolean> COOKIES = flag("cookies", false).onTemplate((c, v, config) -> {
        if (v) {
            c.setopt(CurlOpt.COOKIEFILE, "");
        }
    });
    /** {@code CURLOPT_USERAGENT}. */
    public static final ClientSetting<String> USER_AGENT = define(
                    "userAgent", String.class, () -> "curl-multi-jvm/0.1 libcurl", false, v -> {
                        HeaderRules.checkValue("user agent", v);
                        return v;
                    })
            .onTemplate((c, v, config) -> c.setopt(CurlOpt.USERAGENT, v));
    /** A unix domain socket instead of TCP ({@code CURLOPT_UNIX_SOCKET_PATH}); null: TCP. */
    public static final ClientSetting<Path> UNIX_SOCKET = optional("unixSocket", Path.class, v -> v)
            .onTemplate((c, v, config) -> c.setopt(CurlOpt.UNIX_SOCKET_PATH, v.toString()));
    /** How requests are retried; null: never. */
    public static final ClientSetting<RetryPolicy> RETRY = optional("retry", RetryPolicy.class, v -> v);
    /** libcurl's debug stream to the {@code dev.curlmulti.wire} logger. */
    public static final ClientSetting<Boolean> WIRETAP = flag("wiretap", false);
    /** Per-phase timings read at completion. */
    public static final ClientSetting<Boolean> TIMINGS = flag("timings", true);
    /** The client's alternative services ({@code CURLOPT_ALTSVC_CTRL}, file per handle); null: none. */
    public static final ClientSetting<AltSvcCache> ALT_SVC =
            optional("altSvc", AltSvcCache.class, v -> v).onTemplate(Discovery::applyAltSvc);
    /** The client's https-only hosts ({@code CURLOPT_HSTS_CTRL}, file per handle); null: none. */
    public static final ClientSetting<HstsCache> HSTS =
            optional("hsts", HstsCache.class, v -> v).onTemplate(Discovery::applyHsts);

    private static final List<ClientSetting<?>> REQUEST_OVERRIDABLE =
            ALL.stream().filter(ClientSetting::requestOverridable).toList();

    private ClientSettings() {}

    /** Every setting, in a fixed order. */
    public static List<ClientSetting<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The settings a request may override. */
    public static List<ClientSetting<?>> requestOverridable() {
        return REQUEST_OVERRIDABLE;
    }

    private static <T> ClientSetting<T> define(
            String name, Class<?> type, Supplier<T> defaultValue, boolean nullable, UnaryOperator<T> check) {
        ClientSetting<T> setting = new ClientSetting<>(ALL.size(), name, type, defaultValue, nullable, check);
        ALL.add(setting);
        return setting;
    }

    /** A setting whose default is null: none. */
    private static <T> ClientSetting<T> optional(String name, Class<T> type, UnaryOperator<T> check) {
        return define(name, type, () -> null, true, check);
    }

    /** A timeout: null (none), or zero to {@link HeaderRules#MAX_TIMEOUT}. */
    private static ClientSetting<Duration> timeout(String name, Duration defaultValue) {
        return define(name, Duration.class, () -> defaultValue, true, v -> HeaderRules.checkTimeout(name, v));
    }

    private static ClientSetting<Boolean> flag(String name, boolean defaultValue) {
        return define(name, Boolean.class, () -> defaultValue, false, v -> v);
    }

    private static Integer positive(String name, Integer value) {
        return HeaderRules.checkPositive(name, value);
    }

    private static Integer nonNegative(String name, Integer value) {
        nonNegative(name, value.longValue());
        return value;
    }

    private static Long nonNegative(String name, Long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
        return value;
    }

    private static void setHttpVersion(dev.curlmulti.core.Curl c, HttpVersion version, ClientConfig config) {
        version.checkSupported();
        c.setopt(CurlOpt.HTTP_VERSION, version.curlValue());
    }

    private static void setRedirects(dev.curlmulti.core.Curl c, int max) {
        c.setopt(CurlOpt.FOLLOWLOCATION, max > 0);
        if (max > 0) {
            c.setopt(CurlOpt.MAXREDIRS, max);
        }
    }
}
