package dev.curlmulti.reactor.websocket;

/**
 * A received message was larger than {@link WebSocketRequest#maxMessageSize()}: the session sent
 * close code 1009 and ended.
 */
public class WebSocketTooLargeException extends WebSocketException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    public WebSocketTooLargeException(long limit) {
        super("a received WebSocket message exceeds the limit of " + limit + " bytes", CloseStatus.TOO_BIG, null);
        this.limit = limit;
    }

    /** The limit that was exceeded, in bytes. */
    public long limit() {
        return limit;
    }
}
