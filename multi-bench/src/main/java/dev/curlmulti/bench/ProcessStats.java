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

    private ProcessStats() {}

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
     * CPU time of the process's threads (user + system: Java, GC and JIT threads alike), in
     * nanoseconds: the sum of each task's time on a CPU in {@code /proc/self/task/*}{@code /schedstat}.
     * The MXBean's {@code getProcessCpuTime} counts clock ticks on Linux (10 ms), which would round
     * a short run's CPU per request to a few steps; it stays as the fallback. A thread that ended
     * in between is not counted: the workers keep their threads for the whole run.
     */
    static long processCpuNanos() {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            long total = 0;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String line = Files.readString(task.resolve("schedstat")).trim();
                    total += Long.parseLong(line.substring(0, line.indexOf(' ')));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while being read
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return OS.getProcessCpuTime();
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
