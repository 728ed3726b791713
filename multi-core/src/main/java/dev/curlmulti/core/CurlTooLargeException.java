package dev.curlmulti.core;

/** The response is larger than allowed ({@code CURLE_FILESIZE_EXCEEDED}, or a configured limit). */
public class CurlTooLargeException extends CurlException {
    private static final long serialVersionUID = 1L;

    public CurlTooLargeException(int code, String errorText) {
        super(code, errorText);
    }

    public CurlTooLargeException(int code, String errorText, Throwable cause) {
        super(code, errorText, cause);
    }
}
