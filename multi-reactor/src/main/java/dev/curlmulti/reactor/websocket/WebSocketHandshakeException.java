package dev.curlmulti.reactor.websocket;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.loop.Headers;

/**
 * The server did not upgrade the connection: it answered with another status than 101, or chose
 * a subprotocol that was not offered. Carries the status and headers of its answer.
 */
public class WebSocketHandshakeException extends CurlException {
    private static final long serialVersionUID = 1L;
    /** {@code CURLE_HTTP_RETURNED_ERROR}. */
    private static final int HTTP_RETURNED_ERROR = 22;

    private final int status;
    private final transient Headers headers;

    public WebSocketHandshakeException(String message, int status, Headers headers) {
        super(HTTP_RETURNED_ERROR, message);
        this.status = status;
        this.headers = headers;
    }

    /** The status of the server's answer. */
    public int status() {
        return status;
    }

    /** The headers of the server's answer. */
    public Headers headers() {
        return headers;
    }
}
