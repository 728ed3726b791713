package dev.curlmulti.reactor;

import dev.curlmulti.reactor.internal.HeaderRules;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request: method, URI, headers, optional body, and settings of its own that override the
 * client's for this request only (timeouts, proxy, HTTP version, redirects, compression, response
 * size limit; unset ones are the client's). Immutable; built with
 * {@link #builder(String)} or the shortcuts. Header names and values, the method and the URI are
 * checked when built: CR, LF and NUL (which libcurl 7.88 would send verbatim, splitting the request)
 * are rejected with {@link IllegalArgumentException} before anything is sent.
 *
 * <p>Being immutable, a request may be shared between threads and sent more than once; each send
 * is a new transfer (a streamed {@link RequestBody} must then be a publisher that can be subscribed
 * again).
 */
public final class CurlRequest {
    private final String method;
    private final String uri;
    private final List<Map.Entry<String, String>> headers;
    private final RequestBody body;
    /** No setting of its own: shared by most requests, never written. */
    private static final Object[] NONE = new Object[ClientSettings.all().size()];
    /** This request's own values of the {@link ClientSettings#requestOverridable() overridable} settings. */
    private final Object[] own;

    private final boolean direct;
    private final boolean observedByCaller;
    /** Who hears this request's progress, or null (then nothing is installed for it). */
    private final ProgressReporter.Watch progress;
    /** {@link UriScan#origin} of the URI, made on first use (a benign race: same value). */
    private String origin;

    private CurlRequest(Builder builder) {
        this.method = builder.method;
        this.uri = builder.uri;
        this.headers = List.copyOf(builder.headers);
        this.body = builder.body;
        this.own = builder.own == null ? NONE : builder.own.clone();
        this.direct = builder.direct;
        this.observedByCaller = builder.observedByCaller;
        this.progress = builder.progress;
    }

    /** The URI's {@code scheme://host:port}, lower case: which loop's connections may serve it. */
    String origin() {
        String known = origin;
        if (known == null) {
            known = UriScan.origin(uri);
            origin = known;
        }
        return known;
    }

    /** A GET of {@code uri}. */
    public static CurlRequest get(String uri) {
        return builder(uri).build();
    }

    /** A POST of {@code body} to {@code uri}. */
    public static CurlRequest post(String uri, RequestBody body) {
        return builder(uri).method("POST").body(body).build();
    }

    /** A builder for a GET of {@code uri}. */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /** A builder for a GET of {@code uri}. */
    public static Builder builder(URI uri) {
        return new Builder(uri.toString());
    }

    /** The method token, for example {@code GET}. */
    public String method() {
        return method;
    }

    /** The URI as given. */
    public String uri() {
        return uri;
    }

    /** Header fields in the order added. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The body, or null. */
    public RequestBody body() {
        return body;
    }

    /** The total-time limit for this request, or null for the client's. */
    public Duration timeout() {
        return setting(ClientSettings.TOTAL_TIMEOUT);
    }

    /** The connect limit for this request, or null for the client's. */
    public Duration connectTimeout() {
        return setting(ClientSettings.CONNECT_TIMEOUT);
    }

    /** The idle limit (no bytes received or sent) for this request, or null for the client's. */
    public Duration idleTimeout() {
        return setting(ClientSettings.IDLE_TIMEOUT);
    }

    /** The response-head limit for this request, or null for the client's. */
    public Duration responseTimeout() {
        return setting(ClientSettings.RESPONSE_TIMEOUT);
    }

    /** The proxy for this request, or null: the client's (or none when {@link #directConnection()}). */
    public ProxyConfig proxy() {
        return setting(ClientSettings.PROXY);
    }

    /** Whether this request goes without a proxy, whatever the client's. */
    public boolean directConnection() {
        return direct;
    }

    /** The HTTP version for this request, or null for the client's. */
    public HttpVersion httpVersion() {
        return setting(ClientSettings.HTTP_VERSION);
    }

    /** Redirects this request follows (0: none), or null for the client's. */
    public Integer maxRedirects() {
        return setting(ClientSettings.MAX_REDIRECTS);
    }

    /** Whether this request asks for compressed responses, or null for the client's. */
    public Boolean compression() {
        return setting(ClientSettings.COMPRESSION);
    }

    /** The response body limit in bytes for this request, or null for the client's. */
    public Long maxResponseSize() {
        return setting(ClientSettings.MAX_RESPONSE_SIZE);
    }

    /**
     * This request's own value of {@code setting}, or null: the client's applies. Only
     * {@link ClientSetting#requestOverridable() overridable} settings can have one.
     */
    @SuppressWarnings("unchecked")
    public <T> T setting(ClientSetting<T> setting) {
        return (T) own[setting.index];
    }

    /** The URI's host, lower-cased, without user info or port (IPv6 literals keep their brackets). */
    public String host() {
        return UriScan.host(uri);
    }

    /**
     * Whether the caller records its own observation of this request (Spring's WebClient and
     * RestClient do), so tracing observers skip it instead of recording a second one.
     */
    public boolean observedByCaller() {
        return observedByCaller;
    }

    /** The progress listener and its interval, or null. */
    ProgressReporter.Watch progressWatch() {
        return progress;
    }

    /** A builder starting from this request. */
    public Builder newBuilder() {
        Builder builder = new Builder(uri).method(method).body(body).observedByCaller(observedByCaller);
        builder.own = own == NONE ? null : own.clone();
        builder.direct = direct;
        builder.progress = progress;
        builder.headers.addAll(headers);
        return builder;
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }

    /** Builds a {@link CurlRequest}. Not thread-safe. */
    public static final class Builder {
        private String method = "GET";
        private String uri;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private RequestBody body;
        /** Made on the first setting of its own: a plain GET allocates none. */
        private Object[] own;

        private boolean direct;
        private boolean observedByCaller;
        private ProgressReporter.Watch progress;

        private Builder(String uri) {
            uri(uri);
        }

        /** The URI (no CR, LF or NUL). */
        public Builder uri(String value) {
            Objects.requireNonNull(value, "uri");
            HeaderRules.checkUri(value);
            this.uri = value;
            return this;
        }

        /** Any method token: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, or your own. */
        public Builder method(String value) {
            HeaderRules.checkMethod(value);
            this.method = value;
            return this;
        }

        /** Adds a header field (several with one name are allowed). */
        public Builder header(String name, String value) {
            HeaderRules.checkHeader(name, value);
            headers.add(Map.entry(name, value));
            return this;
        }

        /** Removes every header field named {@code name} (any case): a cookie store merges its Cookie header. */
        Builder withoutHeader(String name) {
            headers.removeIf(header -> header.getKey().equalsIgnoreCase(name));
            return this;
        }

        /** The body, or null for none. */
        public Builder body(RequestBody value) {
            this.body = value;
            return this;
        }

        /** Total time limit for this request (overrides the client's). */
        public Builder timeout(Duration value) {
            return set(ClientSettings.TOTAL_TIMEOUT, value);
        }

        /**
         * Time to connect for this request (overrides the client's
         * {@link CurlClient.Builder#connectTimeout}). One that differs from the client's costs the
         * request a fresh handle instead of a pooled one.
         */
        public Builder connectTimeout(Duration value) {
            return set(ClientSettings.CONNECT_TIMEOUT, value);
        }

        /**
         * No bytes received or sent for this long ends this request (overrides the client's
         * {@link CurlClient.Builder#idleTimeout}).
         */
        public Builder idleTimeout(Duration value) {
            return set(ClientSettings.IDLE_TIMEOUT, value);
        }

        /**
         * Time from sending this request to its final head (overrides the client's
         * {@link CurlClient.Builder#responseTimeout}).
         */
        public Builder responseTimeout(Duration value) {
            return set(ClientSettings.RESPONSE_TIMEOUT, value);
        }

        /**
         * This request through {@code value} (overrides the client's {@link CurlClient.Builder#proxy});
         * the client's TLS trust applies to an HTTPS proxy.
         */
        public Builder proxy(ProxyConfig value) {
            set(ClientSettings.PROXY, Objects.requireNonNull(value, "proxy"));
            this.direct = false;
            return this;
        }

        /** This request without a proxy, whatever the client's (and the environment's) say. */
        public Builder directConnection() {
            if (own != null) {
                own[ClientSettings.PROXY.index] = null;
            }
            this.direct = true;
            return this;
        }

        /** The HTTP version for this request (overrides the client's {@link CurlClient.Builder#httpVersion}). */
        public Builder httpVersion(HttpVersion value) {
            return set(ClientSettings.HTTP_VERSION, value);
        }

        /**
         * Follow up to {@code max} redirects for this request, 0 for none (overrides the client's
         * {@link CurlClient.Builder#followRedirects}); the client's protocol list still bounds them.
         */
        public Builder followRedirects(int max) {
            return set(ClientSettings.MAX_REDIRECTS, max);
        }

        /** Ask for and decode compressed responses for this request, or not (overrides the client's). */
        public Builder compression(boolean on) {
            return set(ClientSettings.COMPRESSION, on);
        }

        /**
         * The response body limit for this request, in decoded bytes (overrides the client's
         * {@link CurlClient.Builder#maxResponseSize}).
         */
        public Builder maxResponseSize(long bytes) {
            return set(ClientSettings.MAX_RESPONSE_SIZE, bytes);
        }

        /**
         * The caller observes this request itself; tracing observers leave it alone
         * ({@link CurlRequest#observedByCaller()}).
         */
        public Builder observedByCaller(boolean value) {
            this.observedByCaller = value;
            return this;
        }

        /**
         * Reports each send of this request's upload and download progress to {@code listener}
         * ({@link Progress}): at most once per {@code interval} (the first report as soon as libcurl
         * makes one; {@link Duration#ZERO} for every one libcurl makes, which is often), and once more,
         * {@link Progress#complete() complete}, when the transfer succeeds. Without this, nothing is
         * installed: libcurl's progress callback costs only the requests that ask.
         *
         * <p>The listener runs on the client's loop thread, which serves many transfers: it must return
         * quickly and never block (hand the event to another thread, or keep only the latest). What it
         * throws ends this request with that exception, as any other error would.
         *
         * @param listener null removes a listener set before
         * @throws IllegalArgumentException the interval is negative
         */
        public Builder progress(Duration interval, java.util.function.Consumer<? super Progress> listener) {
            this.progress = listener == null ? null : ProgressReporter.Watch.of(interval, listener);
            return this;
        }

        /**
         * This request's own value of {@code setting}, checked by its definition as the client
         * builder checks it; null removes this request's value (the client's then applies) where the
         * setting has a "none", and is refused where it has not.
         *
         * @throws IllegalArgumentException the setting is client-wide only, or the value is out of range
         */
        public <T> Builder set(ClientSetting<T> setting, T value) {
            if (!setting.requestOverridable()) {
                throw new IllegalArgumentException(setting.name() + " is a client-wide setting");
            }
            Object checked = value == null && setting.nullable() ? null : setting.check(value);
            if (own == null) {
                own = new Object[NONE.length];
            }
            own[setting.index] = checked;
            return this;
        }

        /** The request. */
        public CurlRequest build() {
            return new CurlRequest(this);
        }
    }
}
