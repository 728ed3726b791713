package dev.curlmulti.core.internal;

/**
 * Switch for the thread-confinement check: with {@code -Ddev.curlmulti.checkThreads=true} (the
 * test suites set it) every libcurl call on a handle owned by an event loop asserts that it runs
 * on that loop's thread. Off in production, where the constant lets the JIT drop the check.
 */
public final class ThreadChecks {
    /** Whether handles check the calling thread. */
    public static final boolean ENABLED = Boolean.getBoolean("dev.curlmulti.checkThreads");

    private ThreadChecks() {}
}
