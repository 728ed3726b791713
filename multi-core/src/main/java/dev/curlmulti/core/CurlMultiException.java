package dev.curlmulti.core;

/**
 * A multi-handle call failed with a {@code CURLMcode}. Unchecked: these codes mean misuse (a bad
 * or closed handle, a call from inside a callback) or an exhausted system, not a transfer's I/O
 * error, which is reported per transfer by {@link CurlMulti#infoRead()}.
 */
public class CurlMultiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    public CurlMultiException(int code, String message) {
        super(CurlCodes.multiName(code) + " (" + code + "): " + message);
        this.code = code;
    }

    /** The {@code CURLMcode}. */
    public int code() {
        return code;
    }

    /** The C name of the code, for example {@code CURLM_BAD_EASY_HANDLE}. */
    public String codeName() {
        return CurlCodes.multiName(code);
    }
}
