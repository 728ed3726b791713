package dev.curlmulti.core;

/** A callback aborted the transfer ({@code CURLE_ABORTED_BY_CALLBACK}). */
public class CurlAbortedException extends CurlException {
    private static final long serialVersionUID = 1L;

    public CurlAbortedException(int code, String errorText) {
        super(code, errorText);
    }

    public CurlAbortedException(int code, String errorText, Throwable cause) {
        super(code, errorText, cause);
    }
}
