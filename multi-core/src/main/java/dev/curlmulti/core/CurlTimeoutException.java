package dev.curlmulti.core;

/**
 * A timeout expired ({@code CURLE_OPERATION_TIMEDOUT}, or one of the client's own timeouts): connect,
 * response, idle, total. Its cause is a {@link java.net.SocketTimeoutException}; for a timeout
 * while connecting, that one's cause (the root cause) is a {@link java.net.ConnectException}, so
 * connect-failure retry rules treat it as a failed connect, as with Netty.
 */
public class CurlTimeoutException extends CurlException {
    private static final long serialVersionUID = 1L;

    public CurlTimeoutException(int code, String errorText) {
        super(code, errorText, StandardCauses.timeout(errorText, null));
    }

    public CurlTimeoutException(int code, String errorText, Throwable cause) {
        super(code, errorText, StandardCauses.timeout(errorText, cause));
    }
}
