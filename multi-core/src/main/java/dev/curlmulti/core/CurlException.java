package dev.curlmulti.core;

import java.io.IOException;

/**
 * A transfer failed with a libcurl {@code CURLcode}. Carries the code, its C name (for example
 * {@code CURLE_COULDNT_CONNECT}) and libcurl's error-buffer text, which says more than the
 * code's generic description (for example the host and port that refused the connection).
 */
public class CurlException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String errorText;

    public CurlException(int code, String errorText) {
        this(code, errorText, null);
    }

    public CurlException(int code, String errorText, Throwable cause) {
        super(CurlCodes.easyName(code) + " (" + code + "): " + errorText, cause);
        this.code = code;
        this.errorText = errorText;
    }

    /** The {@code CURLcode}. */
    public int code() {
        return code;
    }

    /** The C name of the code, for example {@code CURLE_OPERATION_TIMEDOUT}. */
    public String codeName() {
        return CurlCodes.easyName(code);
    }

    /** libcurl's error-buffer text, or the code's description when the buffer was empty. */
    public String errorText() {
        return errorText;
    }
}
