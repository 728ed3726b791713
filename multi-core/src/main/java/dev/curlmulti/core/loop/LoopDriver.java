package dev.curlmulti.core.loop;

import dev.curlmulti.core.internal.MultiHandle;

/**
 * The part of a {@link CurlEventLoop} turn that differs between drivers: running libcurl on
 * what is ready, waiting, and waking the wait from another thread. Loop-thread only, but for
 * {@link #wakeup()}.
 */
interface LoopDriver extends AutoCloseable {
    /** Lets libcurl do all the work that is ready now (the turn's "perform"). */
    void perform();

    /**
     * Waits up to {@code maxMillis} for sockets, libcurl's timer or a wakeup. A wakeup that ended
     * the wait is consumed before this returns, and one sent after it returned ends the next wait
     * at once: the loop clears its wakeup flag only after this returns, so a wakeup consumed later
     * in the turn would be lost.
     */
    void await(long maxMillis);

    /** Ends {@link #await} early; safe from any thread, also after close (then it does nothing). */
    void wakeup();

    /**
     * Watches socket {@code fd}, which libcurl has handed over (a connect-only transfer's), for
     * {@code events} ({@link SocketWatcher#READ}, {@link SocketWatcher#WRITE}; 0 stops watching):
     * {@code watcher} hears during a later {@link #perform()} when it is ready. Loop thread only.
     * The watch is level-triggered: an owner that stops reading must drop {@code READ}.
     */
    void watch(int fd, int events, SocketWatcher watcher);

    /** The owner watching {@code fd} through {@link #watch}, or null. Loop thread only. */
    SocketWatcher watcher(int fd);

    /** Frees the driver's own resources (not the multi). */
    @Override
    void close();

    static LoopDriver create(LoopDriverKind kind, MultiHandle multi) {
        return kind == LoopDriverKind.SOCKET ? new SocketDriver(multi) : new PollDriver(multi);
    }
}
