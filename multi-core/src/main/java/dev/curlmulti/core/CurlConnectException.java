package dev.curlmulti.core;

/** The connection could not be made ({@code CURLE_COULDNT_CONNECT}): refused, unreachable. */
public class CurlConnectException extends CurlException {
    private static final long serialVersionUID = 1L;

    public CurlConnectException(int code, String errorText) {
        super(code, errorText);
    }

    public CurlConnectException(int code, String errorText, Throwable cause) {
        super(code, errorText, cause);
    }
}
