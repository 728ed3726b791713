package dev.curlmulti.reactor.websocket;

/**
 * The peer broke RFC 6455: a bad handshake answer aside (that is a
 * {@link WebSocketHandshakeException}), a frame the protocol forbids, a close frame with a reserved
 * code or malformed payload ({@link #closeStatus()} 1002), or a text message that is not UTF-8
 * (1007). The session sent that close code, as RFC 6455 7.1.7 asks, and ended. Not a reset: the
 * same peer would do it again, so nothing retries it.
 */
public class WebSocketProtocolException extends WebSocketException {
    private static final long serialVersionUID = 1L;

    public WebSocketProtocolException(String message, CloseStatus closeStatus, Throwable cause) {
        super(message, closeStatus, cause);
    }
}
