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
    private final Duration timeout;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final Duration responseTimeout;
    private final ProxyConfig proxy;
    private final boolean direct;
    private final HttpVersion httpVersion;
    private final Integer maxRedirects;
    private final Boolean compression;
    private final Long maxResponseSize;
    private final boolean observedByCaller;
    /** {@link UriScan#origin} of the URI, made on first use (a benign race: same value). */
    private String origin;

    private CurlRequest(Builder builder) {
        this.method = builder.method;
        this.uri = builder.uri;
        this.headers = List.copyOf(builder.headers);
        this.body = builder.body;
        this.timeout = builder.timeout;
        this.connectTimeout = builder.connectTimeout;
        this.idleTimeout = builder.idleTimeout;
        this.responseTimeout = builder.responseTimeout;
        this.proxy = builder.proxy;
        this.direct = builder.direct;
        this.httpVersion = builder.httpVersion;
        this.maxRedirects = builder.maxRedirects;
        this.compression = builder.compression;
        this.maxResponseSize = builder.maxResponseSize;
        this.observedByCaller = builder.observedByCaller;
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

    public String method() {
        return method;
    }

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
        return timeout;
    }

    /** The connect limit for this request, or null for the client's. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The idle limit (no bytes received or sent) for this request, or null for the client's. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The response-head limit for this request, or null for the client's. */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** The proxy for this request, or null: the client's (or none when {@link #directConnection()}). */
    public ProxyConfig proxy() {
        return proxy;
    }

    /** Whether this request goes without a proxy, whatever the client's. */
    public boolean directConnection() {
        return direct;
    }

    /** The HTTP version for this request, or null for the client's. */
    public HttpVersion httpVersion() {
        return httpVersion;
    }

    /** Redirects this request follows (0: none), or null for the client's. */
    public Integer maxRedirects() {
        return maxRedirects;
    }

    /** Whether this request asks for compressed responses, or null for the client's. */
    public Boolean compression() {
        return compression;
    }

    /** The response body limit in bytes for this request, or null for the client's. */
    public Long maxResponseSize() {
        return maxResponseSize;
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

    /** A builder starting from this request. */
    public Builder newBuilder() {
        Builder builder = new Builder(uri).method(method).body(body).timeout(timeout)
                .connectTimeout(connectTimeout).idleTimeout(idleTimeout).observedByCaller(observedByCaller);
        builder.responseTimeout = responseTimeout;
        builder.proxy = proxy;
        builder.direct = direct;
        builder.httpVersion = httpVersion;
        builder.maxRedirects = maxRedirects;
        builder.compression = compression;
        builder.maxResponseSize = maxResponseSize;
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
        private Duration timeout;
        private Duration connectTimeout;
        private Duration idleTimeout;
        private Duration responseTimeout;
        private ProxyConfig proxy;
        private boolean direct;
        private HttpVersion httpVersion;
        private Integer maxRedirects;
        private Boolean compression;
        private Long maxResponseSize;
        private boolean observedByCaller;

        private Builder(String uri) {
            uri(uri);
        }

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

        public Builder body(RequestBody value) {
            this.body = value;
            return this;
        }

        /** Total time limit for this request (overrides the client's). */
        public Builder timeout(Duration value) {
            this.timeout = HeaderRules.checkTimeout("timeout", value);
            return this;
        }

        /**
         * Time to connect for this request (overrides the client's
         * {@link CurlClient.Builder#connectTimeout}). One that differs from the client's costs the
         * request a fresh handle instead of a pooled one.
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = HeaderRules.checkTimeout("connectTimeout", value);
            return this;
        }

        /**
         * No bytes received or sent for this long ends this request (overrides the client's
         * {@link CurlClient.Builder#idleTimeout}).
         */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = HeaderRules.checkTimeout("idleTimeout", value);
            return this;
        }

        /**
         * Time from sending this request to its final head (overrides the client's
         * {@link CurlClient.Builder#responseTimeout}).
         */
        public Builder responseTimeout(Duration value) {
            this.responseTimeout = HeaderRules.checkTimeout("responseTimeout", value);
            return this;
        }

        /**
         * This request through {@code value} (overrides the client's {@link CurlClient.Builder#proxy});
         * the client's TLS trust applies to an HTTPS proxy.
         */
        public Builder proxy(ProxyConfig value) {
            this.proxy = Objects.requireNonNull(value, "proxy");
            this.direct = false;
            return this;
        }

        /** This request without a proxy, whatever the client's (and the environment's) say. */
        public Builder directConnection() {
            this.proxy = null;
            this.direct = true;
            return this;
        }

        /** The HTTP version for this request (overrides the client's {@link CurlClient.Builder#httpVersion}). */
        public Builder httpVersion(HttpVersion value) {
            this.httpVersion = Objects.requireNonNull(value, "httpVersion");
            return this;
        }

        /**
         * Follow up to {@code max} redirects for this request, 0 for none (overrides the client's
         * {@link CurlClient.Builder#followRedirects}); the client's protocol list still bounds them.
         */
        public Builder followRedirects(int max) {
            this.maxRedirects = HeaderRules.checkNonNegative(max);
            return this;
        }

        /** Ask for and decode compressed responses for this request, or not (overrides the client's). */
        public Builder compression(boolean on) {
            this.compression = on;
            return this;
        }

        /**
         * The response body limit for this request, in decoded bytes (overrides the client's
         * {@link CurlClient.Builder#maxResponseSize}).
         */
        public Builder maxResponseSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxResponseSize must be >= 0: " + bytes);
            }
            this.maxResponseSize = bytes;
            return this;
        }

        /**
         * The caller observes this request itself; tracing observers leave it alone
         * ({@link CurlRequest#observedByCaller()}).
         */
        public Builder observedByCaller(boolean value) {
            this.observedByCaller = value;
            return this;
        }

        public CurlRequest build() {
            return new CurlRequest(this);
        }
    }
}
