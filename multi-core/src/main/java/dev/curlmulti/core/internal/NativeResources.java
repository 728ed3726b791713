package dev.curlmulti.core.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts native objects that are alive right now (easy, multi and share handles, string lists, mime structures),
 * so tests can assert that nothing leaked and soak runs can plot the counts. Thread-safe.
 */
public final class NativeResources {
    private static final AtomicLong EASY = new AtomicLong();
    private static final AtomicLong MULTI = new AtomicLong();
    private static final AtomicLong SHARE = new AtomicLong();
    private static final AtomicLong SLIST = new AtomicLong();
    private static final AtomicLong MIME = new AtomicLong();
    private static final LongAdder SETOPT_CALLS = new LongAdder();

    private NativeResources() {}

    public static void easyCreated() {
        EASY.incrementAndGet();
    }

    public static void easyFreed() {
        EASY.decrementAndGet();
    }

    public static void multiCreated() {
        MULTI.incrementAndGet();
    }

    public static void multiFreed() {
        MULTI.decrementAndGet();
    }

    public static void shareCreated() {
        SHARE.incrementAndGet();
    }

    public static void shareFreed() {
        SHARE.decrementAndGet();
    }

    public static void slistCreated() {
        SLIST.incrementAndGet();
    }

    public static void slistFreed() {
        SLIST.decrementAndGet();
    }

    public static void mimeCreated() {
        MIME.incrementAndGet();
    }

    public static void mimeFreed() {
        MIME.decrementAndGet();
    }

    public static long liveMimes() {
        return MIME.get();
    }

    /** Counts one {@code curl_easy_setopt} call (for the setopt-per-request figure). */
    public static void setoptCalled() {
        SETOPT_CALLS.increment();
    }

    /** {@code curl_easy_setopt} calls made since the JVM started. */
    public static long setoptCalls() {
        return SETOPT_CALLS.sum();
    }

    public static long liveEasyHandles() {
        return EASY.get();
    }

    public static long liveMultiHandles() {
        return MULTI.get();
    }

    public static long liveShareHandles() {
        return SHARE.get();
    }

    public static long liveSlists() {
        return SLIST.get();
    }

    /** Every live native object, all kinds together. */
    public static long liveTotal() {
        return EASY.get() + MULTI.get() + SHARE.get() + SLIST.get() + MIME.get();
    }

    /** A one-line summary for assertion messages. */
    public static String describe() {
        return "easy=" + EASY.get() + " multi=" + MULTI.get() + " share=" + SHARE.get() + " slist=" + SLIST.get()
                + " mime="
                + MIME.get()
                + " callbackIds=" + CallbackRegistry.allocatedCount();
    }
}
