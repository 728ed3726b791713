package dev.curlmulti.core;

/**
 * The connection could not be made ({@code CURLE_COULDNT_CONNECT}): refused, unreachable. Its cause
 * is a {@link java.net.ConnectException} with libcurl's text, for retry rules written for the JDK's
 * types.
 */
public class CurlConnectException extends CurlException {
    private static final long serialVersionUID = 1L;

    public CurlConnectException(int code, String errorText) {
        super(code, errorText, StandardCauses.connect(errorText, null));
    }

    public CurlConnectException(int code, String errorText, Throwable cause) {
        super(code, errorText, StandardCauses.connect(errorText, cause));
    }
}
