package dev.curlmulti.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Collects every measured run and renders the report: per mode, a table of medians with min–max,
 * peak RSS and heap allocation per request; our ratio to each peer and ceiling; (f)'s CPU and
 * memory per held transfer; and the targets, met or missed.
 */
final class Results {
    static final List<String> OURS = List.of("curl-flux", "curl-file", "curl-multi");
    static final List<String> OTHERS = List.of("reactor-netty", "jdk", "jetty", "c", "c-file", "wrk");

    /** One measured run. {@code rate} is requests/s, or bytes/s for (c) and (d); -1 = not measured. */
    record Run(String mode, Workload workload, String client, double rate, long peakRssKib, double allocatedPerRequest) {
    }

    /** One (f) run. */
    record Hold(String mode, String client, double cpuMillisPerSecond, long rssBytesPerTransfer,
                long heapBytesPerTransfer, long startMillis) {
    }

    private final List<Run> runs = new ArrayList<>();
    private final List<Hold> holds = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    synchronized void add(Run run) {
        runs.add(run);
    }

    synchronized void add(Hold hold) {
        holds.add(hold);
    }

    synchronized void failed(String what) {
        failures.add(what);
    }

    /** The median rate of {@code client} on {@code workload} in {@code mode}, or NaN. */
    double medianRate(String mode, Workload workload, String client) {
        return median(select(mode, workload, client), Run::rate);
    }

    private List<Run> select(String mode, Workload workload, String client) {
        return runs.stream()
                .filter(r -> r.mode.equals(mode) && r.workload == workload && r.client.equals(client))
                .toList();
    }

    String render(List<String> modes, List<Workload> workloads) {
        StringBuilder out = new StringBuilder();
        for (String mode : modes) {
            out.append("\n### ").append(mode).append("\n\n");
            out.append("| workload | client | median | min–max | peak RSS | heap alloc/request |\n");
            out.append("|---|---|---:|---:|---:|---:|\n");
            for (Workload workload : workloads) {
                if (workload == Workload.F) {
                    continue;
                }
                for (String client : clientsIn(mode, workload)) {
                    List<Run> selected = select(mode, workload, client);
                    out.append("| ").append(workload.letter()).append(" | ").append(client).append(" | ")
                            .append(formatRate(workload, median(selected, Run::rate))).append(" | ")
                            .append(range(workload, selected)).append(" | ")
                            .append(mib(median(selected, r -> r.peakRssKib)))
                            .append(" | ").append(bytes(median(selected, Run::allocatedPerRequest)))
                            .append(" |\n");
                }
            }
            out.append("\nOur throughput as a multiple of each other client's (median over median; > 1 = we are faster):\n\n");
            out.append("| workload | ours |");
            OTHERS.forEach(other -> out.append(" vs ").append(other).append(" |"));
            out.append("\n|---|---|").append("---:|".repeat(OTHERS.size())).append('\n');
            for (Workload workload : workloads) {
                if (workload == Workload.F) {
                    continue;
                }
                for (String ours : OURS) {
                    double rate = medianRate(mode, workload, ours);
                    if (Double.isNaN(rate)) {
                        continue;
                    }
                    out.append("| ").append(workload.letter()).append(" | ").append(ours).append(" |");
                    for (String other : OTHERS) {
                        double ratio = rate / medianRate(mode, workload, other);
                        out.append(Double.isNaN(ratio) ? " – |" : String.format(Locale.ROOT, " %.2f× |", ratio));
                    }
                    out.append('\n');
                }
            }
            List<Hold> modeHolds = holds.stream().filter(h -> h.mode.equals(mode)).toList();
            if (!modeHolds.isEmpty()) {
                out.append("\n").append(Workload.F.title).append(": process CPU while they trickle, memory per transfer\n\n");
                out.append("| client | CPU ms per second | RSS per transfer | heap per transfer | time to start all |\n");
                out.append("|---|---:|---:|---:|---:|\n");
                for (Hold hold : modeHolds) {
                    out.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %.1f s |%n", hold.client,
                            hold.cpuMillisPerSecond, bytes(hold.rssBytesPerTransfer), bytes(hold.heapBytesPerTransfer),
                            hold.startMillis / 1000.0));
                }
            }
            out.append(targets(mode));
        }
        if (!failures.isEmpty()) {
            out.append("\nFailed runs (not in the medians):\n\n");
            failures.forEach(f -> out.append("- ").append(f).append('\n'));
        }
        return out.toString();
    }

    private String targets(String mode) {
        StringBuilder out = new StringBuilder("\nTargets (issue 7):\n\n");
        target(out, "(a) curl-flux >= 1.2x reactor-netty req/s", ratio(mode, Workload.A, "curl-flux", "reactor-netty"), 1.2);
        target(out, "(a) curl-flux >= 0.9x the C program", ratio(mode, Workload.A, "curl-flux", "c"), 0.9);
        target(out, "(b) curl-flux >= 0.95x the C program", ratio(mode, Workload.B, "curl-flux", "c"), 0.95);
        for (Workload workload : List.of(Workload.C, Workload.D)) {
            for (String ours : List.of("curl-flux", "curl-file")) {
                target(out, "(" + workload.letter() + ") " + ours + " >= 0.95x the C program",
                        ratio(mode, workload, ours, "c"), 0.95);
            }
            // Like for like: the C program writing the same files the same way.
            target(out, "(" + workload.letter() + ") curl-file >= 0.95x the C program writing files (c-file)",
                    ratio(mode, workload, "curl-file", "c-file"), 0.95);
        }
        double ours = median(select(mode, Workload.A, "curl-flux"), r -> r.peakRssKib);
        double netty = median(select(mode, Workload.A, "reactor-netty"), r -> r.peakRssKib);
        target(out, "(a) peak RSS <= half of reactor-netty's (ours/netty shown, target <= 0.5)", ours / netty, -0.5);
        return out.toString();
    }

    /** A positive goal means "at least", a negative one "at most |goal|". */
    private static void target(StringBuilder out, String name, double value, double goal) {
        String verdict;
        if (Double.isNaN(value)) {
            verdict = "not measured";
        } else {
            boolean met = goal >= 0 ? value >= goal : value <= -goal;
            verdict = String.format(Locale.ROOT, "%.2f: %s", value, met ? "met" : "MISSED");
        }
        out.append("- ").append(name).append(": ").append(verdict).append('\n');
    }

    private double ratio(String mode, Workload workload, String ours, String other) {
        return medianRate(mode, workload, ours) / medianRate(mode, workload, other);
    }

    private List<String> clientsIn(String mode, Workload workload) {
        Map<String, Boolean> clients = new LinkedHashMap<>();
        runs.stream().filter(r -> r.mode.equals(mode) && r.workload == workload).forEach(r -> clients.put(r.client, true));
        List<String> ordered = new ArrayList<>();
        for (String client : concat(OURS, OTHERS)) {
            if (clients.containsKey(client)) {
                ordered.add(client);
            }
        }
        clients.keySet().stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
        return ordered;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String formatRate(Workload workload, double rate) {
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

    private static String range(Workload workload, List<Run> selected) {
        if (selected.isEmpty()) {
            return "–";
        }
        double min = selected.stream().mapToDouble(Run::rate).min().orElseThrow();
        double max = selected.stream().mapToDouble(Run::rate).max().orElseThrow();
        if (workload.measuresBytes()) {
            return String.format(Locale.ROOT, "%,.0f–%,.0f", min / 1048576, max / 1048576);
        }
        if (workload == Workload.B) {
            return String.format(Locale.ROOT, "%.1f–%.1f µs", 1e6 / max, 1e6 / min);
        }
        return String.format(Locale.ROOT, "%,.0f–%,.0f", min, max);
    }

    private static String mib(double kib) {
        return kib < 0 || Double.isNaN(kib) ? "–" : String.format(Locale.ROOT, "%.0f MiB", kib / 1024);
    }

    private static String bytes(double value) {
        if (value < 0 || Double.isNaN(value)) {
            return "–";
        }
        return value >= 10 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", value / 1024)
                : String.format(Locale.ROOT, "%.0f B", value);
    }

    static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        List<Double> values = new ArrayList<>();
        for (T item : items) {
            values.add(value.applyAsDouble(item));
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(values);
        int middle = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
    }
}
