package dev.curlmulti.reactor;

/** A TLS version, as a lower or upper bound ({@code CURLOPT_SSLVERSION}). */
public enum TlsVersion {
    TLS_1_2(6),
    TLS_1_3(7);

    private final long curlValue;

    TlsVersion(long curlValue) {
        this.curlValue = curlValue;
    }

    /** The {@code CURL_SSLVERSION_*} value (a lower bound). */
    public long curlValue() {
        return curlValue;
    }

    /** The {@code CURL_SSLVERSION_MAX_*} value (an upper bound). */
    public long curlMaxValue() {
        return curlValue << 16;
    }
}
