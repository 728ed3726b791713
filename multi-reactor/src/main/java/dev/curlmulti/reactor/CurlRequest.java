package dev.curlmulti.reactor;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request: method, URI, headers, optional body and timeouts of its own. Immutable; built with
 * {@link #builder(String)} or the shortcuts. Header names and values, the method and the URI are
 * checked when built: CR, LF and NUL (which libcurl 7.88 would send verbatim, splitting the request)
 * are rejected with {@link IllegalArgumentException} before anything is sent.
 */
public final class CurlRequest {
    private final String method;
    private final String uri;
    private final List<Map.Entry<String, String>> headers;
    private final RequestBody body;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final boolean observedByCaller;

    private CurlRequest(Builder builder) {
        this.method = builder.method;
        this.uri = builder.uri;
        this.headers = List.copyOf(builder.headers);
        this.body = builder.body;
        this.timeout = builder.timeout;
        this.connectTimeout = builder.connectTimeout;
        this.idleTimeout = builder.idleTimeout;
        this.observedByCaller = builder.observedByCaller;
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

    /** The URI's host, lower-cased, without user info or port (IPv6 literals keep their brackets). */
    public String host() {
        return TransferLauncher.hostOf(uri);
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

        /** No bytes received or sent for this long ends this request (overrides the client's {@link CurlClient.Builder#idleTimeout}). */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = HeaderRules.checkTimeout("idleTimeout", value);
            return this;
        }

        /** The caller observes this request itself; tracing observers leave it alone ({@link CurlRequest#observedByCaller()}). */
        public Builder observedByCaller(boolean value) {
            this.observedByCaller = value;
            return this;
        }

        public CurlRequest build() {
            return new CurlRequest(this);
        }
    }
}
