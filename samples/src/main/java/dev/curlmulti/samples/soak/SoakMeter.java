package dev.curlmulti.samples.soak;

import dev.curlmulti.core.Diagnostics;
import dev.curlmulti.core.testing.ProcessMemory;
import java.lang.management.ManagementFactory;
import java.util.function.BooleanSupplier;

/**
 * One point of a soak curve: resident memory, the part of it outside the committed Java heap
 * (libcurl, OpenSSL and the JVM's own native memory: the garbage collector commits and uncommits
 * heap, which swings the plain figure by a hundred MiB), heap after a collection, live threads,
 * and the library's live native-object counters (easy, multi, share handles and string lists) and
 * callback ids. Any thread; {@link #take} runs a full GC, so call it between bursts, not in a hot
 * loop.
 */
record SoakMeter(
        long done,
        long rssBytes,
        long heapCommittedBytes,
        long heapAfterGcBytes,
        int threads,
        long liveNative,
        long callbackIds) {

    static SoakMeter take(long done) {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return new SoakMeter(
                done,
                ProcessMemory.rssBytes(),
                runtime.totalMemory(),
                runtime.totalMemory() - runtime.freeMemory(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                Diagnostics.liveNativeObjects(),
                Diagnostics.callbackIds());
    }

    static String header() {
        return String.format(
                "%12s %10s %18s %14s %8s %12s %13s",
                "done", "RSS MiB", "RSS - heap MiB", "heap MiB (GC)", "threads", "live native", "callback ids");
    }

    String row() {
        return String.format(
                "%,12d %10.1f %18.1f %14.1f %8d %12d %13d",
                done,
                rssBytes / 1048576.0,
                outsideHeapBytes() / 1048576.0,
                heapAfterGcBytes / 1048576.0,
                threads,
                liveNative,
                callbackIds);
    }

    /** Resident memory outside the committed Java heap (can read low while heap pages are not yet touched). */
    long outsideHeapBytes() {
        return rssBytes - heapCommittedBytes;
    }

    /**
     * Waits up to {@code millis} for {@code condition}, collecting garbage meanwhile (handles a
     * caller dropped are freed by cleaners, and loop threads end asynchronously after dispose).
     */
    static boolean awaitWithGc(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            System.gc();
            Thread.sleep(20);
        }
        return true;
    }

    /** True when no native object and no callback id of the library is alive. */
    static boolean nothingLive() {
        return Diagnostics.liveNativeObjects() == 0 && Diagnostics.callbackIds() == 0;
    }
}
