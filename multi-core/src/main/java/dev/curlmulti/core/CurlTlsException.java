package dev.curlmulti.core;

/**
 * TLS failed: handshake, certificate verification, pinned key, client certificate, CA file. Its
 * cause is a {@link javax.net.ssl.SSLHandshakeException}, or a plain {@link javax.net.ssl.SSLException}
 * for a TLS error on an established connection.
 */
public class CurlTlsException extends CurlException {
    private static final long serialVersionUID = 1L;

    public CurlTlsException(int code, String errorText) {
        super(code, errorText, StandardCauses.tls(code, errorText, null));
    }

    public CurlTlsException(int code, String errorText, Throwable cause) {
        super(code, errorText, StandardCauses.tls(code, errorText, cause));
    }
}
