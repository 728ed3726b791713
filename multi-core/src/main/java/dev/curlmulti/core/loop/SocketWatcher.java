package dev.curlmulti.core.loop;

/**
 * The owner of a socket libcurl has handed over (a connect-only transfer's, such as a WebSocket
 * session's), told by its loop's driver when the socket is ready. Loop thread; must not throw.
 */
interface SocketWatcher {
    /** Interest in reading, for {@link LoopDriver#watch}. */
    int READ = 1;
    /** Interest in writing, for {@link LoopDriver#watch}. */
    int WRITE = 2;

    /**
     * The socket is ready for what was asked (an error or hang-up counts as both, so the owner
     * finds out by reading or writing).
     */
    void ready(boolean readable, boolean writable);
}
