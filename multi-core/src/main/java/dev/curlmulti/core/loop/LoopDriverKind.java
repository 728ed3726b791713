package dev.curlmulti.core.loop;

import dev.curlmulti.core.internal.NativeBinding;

/**
 * How a {@code dev.curlmulti.core.loop.CurlEventLoop} waits for and drives its transfers (set with
 * {@code LoopConfig.withDriver}).
 */
public enum LoopDriverKind {
    /**
     * {@code curl_multi_perform} + {@code curl_multi_poll}: portable, but every turn walks every
     * transfer (about 70 µs with 100 open transfers, 33 ms with 10,000 on the project's machine).
     * Slightly cheaper than {@link #SOCKET} when a few dozen short keep-alive requests keep the
     * loop saturated (about 8% more requests per second on the benchmark's workload (a), docs/benchmarks.md).
     */
    POLL,
    /**
     * {@code curl_multi_socket_action} driven by Linux epoll, with an eventfd for wakeups and
     * libcurl's timer: a turn costs in proportion to the sockets that are ready, not to all
     * transfers. Linux only.
     */
    SOCKET;

    /**
     * The driver used when none is configured: {@code SOCKET} on Linux, where its cost follows the
     * ready sockets rather than the open transfers (no cliff at thousands of open transfers),
     * {@code POLL} elsewhere.
     */
    public static LoopDriverKind defaultKind() {
        return NativeBinding.get().linux().available() ? SOCKET : POLL;
    }
}
