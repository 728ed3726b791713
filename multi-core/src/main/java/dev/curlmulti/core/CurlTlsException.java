package dev.curlmulti.core;

/** TLS failed: handshake, certificate verification, pinned key, client certificate, CA file. */
public class CurlTlsException extends CurlException {
    private static final long serialVersionUID = 1L;

    public CurlTlsException(int code, String errorText) {
        super(code, errorText);
    }

    public CurlTlsException(int code, String errorText, Throwable cause) {
        super(code, errorText, cause);
    }
}
