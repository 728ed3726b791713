package dev.curlmulti.core;

/**
 * The peer broke the protocol or a protocol rule stopped the transfer: a malformed or empty reply, a
 * truncated body, an HTTP/2 stream error, too many redirects, a scheme that is not allowed. A reply
 * or body cut short ({@code CURLE_PARTIAL_FILE}, {@code CURLE_GOT_NOTHING}) has a
 * {@link java.io.EOFException} as its cause.
 */
public class CurlProtocolException extends CurlException {
    private static final long serialVersionUID = 1L;

    public CurlProtocolException(int code, String errorText) {
        this(code, errorText, null);
    }

    public CurlProtocolException(int code, String errorText, Throwable cause) {
        super(code, errorText, code == 18 || code == 52 ? StandardCauses.cutShort(errorText, cause) : cause);
    }
}
