package dev.curlmulti.core.loop;

import java.io.IOException;

/** The {@link CurlEventLoop} was closed before the transfer finished, or when it was submitted. */
public class EventLoopClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    public EventLoopClosedException(String message) {
        super(message);
    }
}
