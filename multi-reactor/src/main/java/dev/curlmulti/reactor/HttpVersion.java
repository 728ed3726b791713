package dev.curlmulti.reactor;

/** Which HTTP version the client asks libcurl for ({@code CURLOPT_HTTP_VERSION}). */
public enum HttpVersion {
    /** HTTP/1.1 only. */
    HTTP_1_1(2),
    /** HTTP/2 over TLS when the server offers it (ALPN), HTTP/1.1 otherwise. libcurl's default. */
    HTTP_2_TLS(4),
    /** HTTP/2 also on cleartext, with an Upgrade from HTTP/1.1. */
    HTTP_2(3),
    /**
     * HTTP/2 over cleartext without upgrade (h2c, prior knowledge). Note: libcurl 7.88 fails the
     * second stream on a shared h2c connection ({@code CURLE_HTTP2}, fixed in 8.0); with 7.88 keep
     * one request at a time per host or use TLS.
     */
    HTTP_2_PRIOR_KNOWLEDGE(5);

    private final long curlValue;

    HttpVersion(long curlValue) {
        this.curlValue = curlValue;
    }

    /** The {@code CURL_HTTP_VERSION_*} value. */
    public long curlValue() {
        return curlValue;
    }
}
