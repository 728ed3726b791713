package dev.curlmulti.bench;

/**
 * What one timed run reports about itself: a worker's {@code fetch} answer or the C program's
 * output line. A field the source does not measure is -1.
 *
 * @param elapsedNanos   wall time of the timed region
 * @param bytes          body bytes received
 * @param allocatedBytes Java heap allocated during the run (-1 for the C program)
 * @param peakRssKib     peak resident set during the run
 * @param cpuNanos       process CPU time (user + system) during the run
 */
record Sample(long elapsedNanos, long bytes, long allocatedBytes, long peakRssKib, long cpuNanos) {

    /** A worker's answer to {@code fetch}: {@code ELAPSED_NS BYTES ALLOCATED_BYTES PEAK_RSS_KIB CPU_NS}. */
    static Sample fromWorker(String[] fields) {
        if (fields.length < 5) {
            throw new IllegalArgumentException("fetch answered " + fields.length + " fields, expected 5");
        }
        return new Sample(
                Long.parseLong(fields[0]),
                Long.parseLong(fields[1]),
                Long.parseLong(fields[2]),
                Long.parseLong(fields[3]),
                Long.parseLong(fields[4]));
    }

    /**
     * The C program's line, {@code ELAPSED_NS BYTES PEAK_RSS_KIB CPU_NS}; a binary built before it
     * printed its CPU time prints three fields, and its CPU is then not measured.
     */
    static Sample fromC(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 3) {
            throw new IllegalArgumentException("C program printed '" + line.trim() + "', expected 4 fields");
        }
        long cpu = fields.length > 3 ? Long.parseLong(fields[3]) : -1;
        return new Sample(Long.parseLong(fields[0]), Long.parseLong(fields[1]), -1, Long.parseLong(fields[2]), cpu);
    }

    /**
     * Heap bytes allocated per unit of work, the units of {@link #cpuMicrosPerUnit}: per request, per
     * MiB of body on (c) and (d); -1 if not measured.
     */
    double allocatedPerUnit(Workload workload, int requests) {
        return perUnit(allocatedBytes, workload, requests);
    }

    /**
     * CPU in microseconds per unit of work: per request when requests are what {@code workload}
     * counts, per MiB of body on (c) and (d), where one request can be a whole GiB; -1 if not measured.
     */
    double cpuMicrosPerUnit(Workload workload, int requests) {
        double nanos = perUnit(cpuNanos, workload, requests);
        return nanos < 0 ? -1 : nanos / 1000.0;
    }

    private double perUnit(long amount, Workload workload, int requests) {
        if (amount < 0) {
            return -1;
        }
        double units = workload.measuresBytes() ? bytes / 1048576.0 : requests;
        return units <= 0 ? -1 : amount / units;
    }
}
