package dev.curlmulti.reactor.websocket;

import dev.curlmulti.core.CurlException;

/**
 * A WebSocket session ended abnormally, or a send could not happen because it had ended: the
 * connection closed without a close frame ({@link #closeStatus()} 1006, cause an
 * {@link java.io.EOFException}), no pong came to the session's ping, or the session was closed
 * while messages waited to be sent. Failures libcurl reports (a reset, a TLS error) keep their own
 * {@link CurlException} types.
 */
public class WebSocketException extends CurlException {
    private static final long serialVersionUID = 1L;
    /** {@code CURLE_RECV_ERROR}: the code these errors carry when libcurl itself saw none. */
    static final int RECV_ERROR = 56;

    private final transient CloseStatus closeStatus;

    public WebSocketException(String message, CloseStatus closeStatus, Throwable cause) {
        super(RECV_ERROR, message, cause);
        this.closeStatus = closeStatus;
    }

    /** The status the session ended with. */
    public CloseStatus closeStatus() {
        return closeStatus;
    }
}
