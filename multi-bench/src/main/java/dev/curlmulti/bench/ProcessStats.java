package dev.curlmulti.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a worker JVM reports about itself: peak and current resident set from {@code /proc}, heap
 * bytes allocated by its threads, and CPU time. Linux only (64-bit for the precise CPU clock),
 * like the benchmark.
 */
final class ProcessStats {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessStats() {
    }

    /** Resets the kernel's peak-RSS mark ({@code VmHWM}) to the current RSS. */
    static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            // Older kernels refuse; the peak then covers the whole process life, which the table says.
        }
    }

    static long peakRssKib() {
        return statusField("VmHWM:");
    }

    static long rssKib() {
        return statusField("VmRSS:");
    }

    private static long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException(name + " missing from /proc/self/status");
    }

    /**
     * CPU time of the whole process (user + system, every thread, ended ones included), in
     * nanoseconds: libc's {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)}. The MXBean's
     * {@code getProcessCpuTime} counts clock ticks on Linux (10 ms), which would round a short
     * run's CPU per request to a few steps; it stays as the fallback.
     */
    static long processCpuNanos() {
        if (CpuClock.LIBC != null) {
            long[] timespec = new long[2];
            if (CpuClock.LIBC.clock_gettime(CpuClock.CLOCK_PROCESS_CPUTIME_ID, timespec) == 0) {
                return timespec[0] * 1_000_000_000L + timespec[1];
            }
        }
        return OS.getProcessCpuTime();
    }

    /** libc through JNA, loaded on first use; null where that fails or a timespec is not two longs. */
    private static final class CpuClock {
        static final int CLOCK_PROCESS_CPUTIME_ID = 2;
        static final LibC LIBC = load();

        interface LibC extends com.sun.jna.Library {
            int clock_gettime(int clock, long[] timespec);
        }

        private static LibC load() {
            try {
                return com.sun.jna.Native.LONG_SIZE == 8 ? com.sun.jna.Native.load("c", LibC.class) : null;
            } catch (LinkageError e) {
                return null;
            }
        }
    }

    /** Bytes allocated so far by each live thread, by thread id. */
    static Map<Long, Long> allocatedByThread() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        return byThread;
    }

    /**
     * Heap bytes allocated since {@code before} by the threads alive now (threads that ended in
     * between are not counted: the clients measured here keep their threads).
     */
    static long allocatedSince(Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> now : allocatedByThread().entrySet()) {
            total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
