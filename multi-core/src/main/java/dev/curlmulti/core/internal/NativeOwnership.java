package dev.curlmulti.core.internal;

import java.lang.ref.Cleaner;

/**
 * Shared pieces of native ownership: the one {@link Cleaner} that frees handles users forget to
 * close, and the lock under which every native free happens.
 *
 * <p>Why one lock: an easy handle, the multi it is in and the share it uses can all become
 * unreachable together, and their cleaning actions must then run in libcurl's order (remove from
 * the multi, clean the easy handle, then the multi or share). Freeing is rare next to transfers,
 * so a single lock costs nothing measurable and rules out lock-ordering mistakes.
 */
public final class NativeOwnership {
    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "curl-multi-cleaner");
        thread.setDaemon(true);
        return thread;
    });
    static final Object FREE_LOCK = new Object();

    private NativeOwnership() {}

    /** Runs {@code free} once {@code owner} is unreachable, or when the returned cleanable is cleaned. */
    public static Cleaner.Cleanable register(Object owner, Runnable free) {
        return CLEANER.register(owner, free);
    }
}
