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
    HTTP_2_PRIOR_KNOWLEDGE(5),
    /**
     * HTTP/3 over QUIC, falling back to HTTP/2 or HTTP/1.1 over TCP when QUIC fails
     * ({@code CURL_HTTP_VERSION_3}, https only). Needs a libcurl built with HTTP/3 (feature
     * {@code HTTP3}: ngtcp2 and nghttp3, or quiche); a client asking for it from another libcurl
     * fails when it is built, naming what to install.
     */
    HTTP_3(30),
    /** HTTP/3 over QUIC only, no fallback ({@code CURL_HTTP_VERSION_3ONLY}); same libcurl as {@link #HTTP_3}. */
    HTTP_3_ONLY(31);

    private final long curlValue;

    HttpVersion(long curlValue) {
        this.curlValue = curlValue;
    }

    /** Whether this version needs a libcurl with HTTP/3. */
    public boolean needsHttp3() {
        return this == HTTP_3 || this == HTTP_3_ONLY;
    }

    /**
     * Fails with a message naming what to install when this version needs HTTP/3 and the loaded
     * libcurl has none.
     *
     * @throws UnsupportedOperationException HTTP/3 asked of a libcurl without it
     */
    void checkSupported() {
        dev.curlmulti.core.CurlVersion loaded = dev.curlmulti.core.CurlVersion.current();
        if (needsHttp3() && !loaded.hasFeature("HTTP3")) {
            throw new UnsupportedOperationException(name()
                    + " needs a libcurl built with HTTP/3 (ngtcp2 and nghttp3, or"
                    + " quiche); the loaded libcurl " + loaded.version() + " (" + loaded.sslVersion() + ") has none. On"
                    + " Debian 12: libcurl3-gnutls 8.14.1 with libngtcp2-16, libngtcp2-crypto-gnutls8 and libnghttp3-9"
                    + " from"
                    + " bookworm-backports (bin/ensure-libcurl8 unpacks them), loaded with"
                    + " -Ddev.curlmulti.libcurl=/path/to/libcurl-gnutls.so.4, or add the multi-native-linux-x86_64"
                    + " artifact (a bundled libcurl with HTTP/3); see docs/http3.md");
        }
    }

    /** The {@code CURL_HTTP_VERSION_*} value. */
    public long curlValue() {
        return curlValue;
    }
}
