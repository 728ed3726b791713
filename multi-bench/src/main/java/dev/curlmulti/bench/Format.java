package dev.curlmulti.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** How the report writes its numbers; NaN or a negative value ("not measured") is a dash. */
final class Format {
    static final String DASH = "–";

    private Format() {}

    static boolean missing(double value) {
        return Double.isNaN(value) || value < 0;
    }

    static String rate(Workload workload, double rate) {
        if (Double.isNaN(rate)) {
            return "failed";
        }
        if (workload.measuresBytes()) {
            return String.format(Locale.ROOT, "%,.0f MiB/s", rate / 1048576);
        }
        if (workload == Workload.B) {
            return String.format(Locale.ROOT, "%.1f µs/req (%,.0f req/s)", 1e6 / rate, rate);
        }
        return String.format(Locale.ROOT, "%,.0f req/s", rate);
    }

    /** The min–max of the rates, in the median column's unit (µs per request on (b)). */
    static String rateRange(Workload workload, List<Double> rates) {
        if (rates.isEmpty()) {
            return DASH;
        }
        double min = rates.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        if (workload.measuresBytes()) {
            return String.format(Locale.ROOT, "%,.0f–%,.0f", min / 1048576, max / 1048576);
        }
        if (workload == Workload.B) {
            return String.format(Locale.ROOT, "%.1f–%.1f µs", 1e6 / max, 1e6 / min);
        }
        return String.format(Locale.ROOT, "%,.0f–%,.0f", min, max);
    }

    /** CPU microseconds per request, or per MiB on the large-body workloads. */
    static String cpu(Workload workload, double micros) {
        return missing(micros) ? DASH : micros(micros) + (workload.measuresBytes() ? " µs/MiB" : " µs/req");
    }

    /** The min–max of a per-unit CPU field, in microseconds; measured values only. */
    static <T> String range(List<T> items, ToDoubleFunction<T> field) {
        double[] values =
                items.stream().mapToDouble(field).filter(v -> !missing(v)).toArray();
        if (values.length == 0) {
            return DASH;
        }
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        return micros(min) + "–" + micros(max);
    }

    private static String micros(double value) {
        return String.format(Locale.ROOT, value < 100 ? "%.1f" : "%,.0f", value);
    }

    static String ratio(double ratio) {
        return Double.isNaN(ratio) ? DASH : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String mib(double kib) {
        return missing(kib) ? DASH : String.format(Locale.ROOT, "%.0f MiB", kib / 1024);
    }

    static String mibPerSecond(double bytesPerSecond) {
        return missing(bytesPerSecond) ? DASH : String.format(Locale.ROOT, "%,.0f", bytesPerSecond / 1048576);
    }

    static String bytes(double value) {
        if (missing(value)) {
            return DASH;
        }
        if (value >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.2f MiB", value / 1048576);
        }
        return value >= 10 * 1024
                ? String.format(Locale.ROOT, "%.1f KiB", value / 1024)
                : String.format(Locale.ROOT, "%.0f B", value);
    }

    /** Heap bytes allocated per request, or per MiB on the large-body workloads. */
    static String heap(Workload workload, double bytes) {
        return missing(bytes) ? DASH : bytes(bytes) + (workload.measuresBytes() ? "/MiB" : "/req");
    }

    static String kib(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }
}
