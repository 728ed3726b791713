package dev.curlmulti.core;

/** How a {@link CurlEventLoop} waits for and drives its transfers. */
public enum LoopDriverKind {
    /**
     * {@code curl_multi_perform} + {@code curl_multi_poll}: portable, but every turn walks every
     * transfer (about 70 µs with 100 open transfers, 33 ms with 10,000 on the project's machine).
     */
    POLL,
    /**
     * {@code curl_multi_socket_action} driven by Linux epoll, with an eventfd for wakeups and
     * libcurl's timer: a turn costs in proportion to the sockets that are ready, not to all
     * transfers. Linux only.
     */
    SOCKET;

    /**
     * The driver used when none is configured: {@code POLL}, because {@code SOCKET} still loses
     * about 20% on many small keep-alive requests (see the README's driver measurements).
     */
    public static LoopDriverKind defaultKind() {
        return POLL;
    }
}
