package dev.curlmulti.core;

/** What a {@link CurlShare} can share between easy handles ({@code curl_lock_data}). */
public enum CurlLockData {
    /** Cookies ({@code CURL_LOCK_DATA_COOKIE}). */
    COOKIE(2),
    /** The DNS cache ({@code CURL_LOCK_DATA_DNS}). */
    DNS(3),
    /** TLS session IDs, for faster reconnects ({@code CURL_LOCK_DATA_SSL_SESSION}). */
    SSL_SESSION(4),
    /** The connection cache ({@code CURL_LOCK_DATA_CONNECT}, 7.57.0). */
    CONNECT(5),
    /** The public suffix list ({@code CURL_LOCK_DATA_PSL}, 7.61.0). */
    PSL(6),
    /** HSTS entries ({@code CURL_LOCK_DATA_HSTS}, 7.88.0). */
    HSTS(7);

    private final int code;

    CurlLockData(int code) {
        this.code = code;
    }

    /** The {@code curl_lock_data} value. */
    public int code() {
        return code;
    }
}
