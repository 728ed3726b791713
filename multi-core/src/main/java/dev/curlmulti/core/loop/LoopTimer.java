package dev.curlmulti.core.loop;

/**
 * A task scheduled on a {@link CurlEventLoop} with {@link CurlEventLoop#schedule}. It runs on the
 * loop thread once its delay has passed, unless cancelled first. Dropped, not run, when the loop
 * closes.
 */
public interface LoopTimer {
    /**
     * Stops the task from running; no effect once it ran. Safe from any thread; on the loop thread
     * it takes effect at once, from another thread before the task's deadline is checked again.
     */
    void cancel();
}
