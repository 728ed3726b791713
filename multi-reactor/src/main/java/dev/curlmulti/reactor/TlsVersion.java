package dev.curlmulti.reactor;

/** Minimum TLS version ({@code CURLOPT_SSLVERSION}). */
public enum TlsVersion {
    TLS_1_2(6),
    TLS_1_3(7);

    private final long curlValue;

    TlsVersion(long curlValue) {
        this.curlValue = curlValue;
    }

    /** The {@code CURL_SSLVERSION_*} value. */
    public long curlValue() {
        return curlValue;
    }
}
