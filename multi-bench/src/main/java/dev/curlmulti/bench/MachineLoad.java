package dev.curlmulti.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How busy the machine was besides the processes under measurement: the CPU time every core spent
 * busy ({@code /proc/stat}: all but idle and I/O wait) minus the CPU time of the given processes,
 * over the same stretch. On a machine shared with other builds it says whether a run competed with
 * them. Linux only, clock-tick resolution (10 ms): meant for runs of seconds.
 */
final class MachineLoad {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final long busyTicksBefore;
    private final ProcessHandle[] measured;
    private final double measuredSecondsBefore;
    private final long startNanos = System.nanoTime();

    private MachineLoad(ProcessHandle... measured) {
        this.measured = measured;
        this.busyTicksBefore = busyTicks();
        this.measuredSecondsBefore = cpuSeconds(measured);
    }

    /** Starts watching; {@code measured} are the processes whose own CPU is not counted as others'. */
    static MachineLoad watch(ProcessHandle... measured) {
        return new MachineLoad(measured);
    }

    /** Cores busy on average since {@link #watch} outside the measured processes (0 to the core count). */
    double othersCores() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double busy = (busyTicks() - busyTicksBefore) / TICKS_PER_SECOND;
        double ours = cpuSeconds(measured) - measuredSecondsBefore;
        return seconds <= 0 ? Double.NaN : Math.max(0, busy - ours) / seconds;
    }

    private static double cpuSeconds(ProcessHandle... processes) {
        double total = 0;
        for (ProcessHandle process : processes) {
            total += process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
        }
        return total;
    }

    /** The first line of {@code /proc/stat}: user nice system idle iowait irq softirq steal ... */
    private static long busyTicks() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
