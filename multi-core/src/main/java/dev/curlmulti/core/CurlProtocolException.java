package dev.curlmulti.core;

/** The peer broke the protocol or a protocol rule stopped the transfer: a malformed or empty reply, a truncated body, an HTTP/2 stream error, too many redirects, a scheme that is not allowed. */
public class CurlProtocolException extends CurlException {
    private static final long serialVersionUID = 1L;

    public CurlProtocolException(int code, String errorText) {
        super(code, errorText);
    }

    public CurlProtocolException(int code, String errorText, Throwable cause) {
        super(code, errorText, cause);
    }
}
