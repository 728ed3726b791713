package dev.curlmulti.core.internal;

/**
 * What a socket-event loop driver does when libcurl reports sockets ({@code CURLMOPT_SOCKETFUNCTION}).
 * There is no timer callback: the driver reads libcurl's timer with {@code curl_multi_timeout}, a
 * plain call, rather than take one more upcall per request.
 */
public interface SocketEvents {
    /** libcurl wants {@code what} (CURL_POLL_IN 1, OUT 2, INOUT 3, REMOVE 4) on {@code socket}. */
    void onSocket(int socket, int what);
}
