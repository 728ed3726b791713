package dev.curlmulti.core.loop;

import java.io.IOException;

/**
 * The {@link CurlEventLoop} was closed before the transfer finished, or when it was submitted; or it
 * failed (then the cause is the error that ended it, and {@link CurlEventLoop#failed()} is true).
 * The request may or may not have reached the server.
 */
public class EventLoopClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    public EventLoopClosedException(String message) {
        super(message);
    }

    public EventLoopClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
