package dev.curlmulti.core.loop;

/**
 * The numbers of libcurl's socket interface ({@code curl/multi.h}) that the loop's socket-action
 * users share: what the socket callback asks for, and what {@code curl_multi_socket_action} is told.
 */
final class SocketActionCodes {
    /** {@code CURL_SOCKET_TIMEOUT}: the socket argument that runs libcurl's timers. */
    static final int CURL_SOCKET_TIMEOUT = -1;
    /** {@code CURL_POLL_IN}, {@code CURL_POLL_OUT}, {@code CURL_POLL_REMOVE}: the socket callback's "what". */
    static final int CURL_POLL_IN = 1;

    static final int CURL_POLL_OUT = 2;
    static final int CURL_POLL_REMOVE = 4;
    /** {@code CURL_CSELECT_IN}, {@code _OUT}, {@code _ERR}: the event mask of a socket action. */
    static final int CURL_CSELECT_IN = 1;

    static final int CURL_CSELECT_OUT = 2;
    static final int CURL_CSELECT_ERR = 4;

    private SocketActionCodes() {}
}
