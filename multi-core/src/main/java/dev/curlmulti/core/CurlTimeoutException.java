package dev.curlmulti.core;

/** A timeout expired ({@code CURLE_OPERATION_TIMEDOUT}): connect, total, or too slow for too long. */
public class CurlTimeoutException extends CurlException {
    private static final long serialVersionUID = 1L;

    public CurlTimeoutException(int code, String errorText) {
        super(code, errorText);
    }

    public CurlTimeoutException(int code, String errorText, Throwable cause) {
        super(code, errorText, cause);
    }
}
