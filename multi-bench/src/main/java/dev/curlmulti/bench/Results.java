package dev.curlmulti.bench;

import dev.curlmulti.bench.clients.Libraries;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Collects every measured run and renders the report: first which native binding each worker JDK
 * gave our clients, then per section (JDK and mode) the tables of {@link ReportTables} and the
 * targets of {@link Targets}, then the failed runs.
 */
final class Results {
    static final List<String> OURS = List.of(
            "curl-flux",
            "curl-chunks",
            "curl-flux-timings",
            "curl-flux-metrics",
            "curl-file",
            "curl-multi",
            "webclient-curl",
            "webclient-curl-spring7");
    static final List<String> OTHERS = List.of(
            "reactor-netty",
            "reactor-netty-1.3",
            "jdk",
            "jetty",
            "webclient-netty",
            "webclient-netty-spring7",
            "c",
            "c-file",
            "wrk");
    /** Reactor Netty's generations, each its own client: "ahead of Reactor Netty" means ahead of the fastest. */
    static final List<String> REACTOR_NETTY = List.of("reactor-netty", "reactor-netty-1.3");

    /**
     * One measured run. {@code rate} is requests/s, or bytes/s for (c) and (d); -1 = not measured.
     * {@code allocatedPerUnit} (heap bytes) and {@code cpuMicrosPerUnit} are per request, per MiB on (c) and (d).
     */
    record Run(
            Section section,
            Workload workload,
            String client,
            double rate,
            long peakRssKib,
            double allocatedPerUnit,
            double cpuMicrosPerUnit) {}

    /** One (f) run. */
    record Hold(
            Section section,
            String client,
            double cpuMillisPerSecond,
            long rssBytesPerTransfer,
            long heapBytesPerTransfer,
            long startMillis) {}

    /** One (c) run of the receive-buffer sweep, {@code rate} in bytes/s. */
    record SweepRun(Section section, int receiveBuffer, String client, double rate) {}

    /**
     * What a worker of a section reported: its Java version and our clients' native binding; a
     * null version when it could not tell, with the reason as the name.
     */
    record Binding(String javaVersion, String name) {
        String describe() {
            return javaVersion == null
                    ? "binding unknown (" + name + ")"
                    : "Java " + javaVersion + ", " + name + " binding";
        }
    }

    private final List<Run> runs = new ArrayList<>();
    private final List<Hold> holds = new ArrayList<>();
    private final List<SweepRun> sweepRuns = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<Section, Binding> bindings = new LinkedHashMap<>();
    private final Map<Section, Map<String, Map<String, String>>> versions = new LinkedHashMap<>();

    synchronized void add(Run run) {
        runs.add(run);
    }

    synchronized void add(Hold hold) {
        holds.add(hold);
    }

    synchronized void add(SweepRun run) {
        sweepRuns.add(run);
    }

    synchronized void failed(String what) {
        failures.add(what);
    }

    synchronized void binding(Section section, String javaVersion, String name) {
        bindings.put(section, new Binding(javaVersion, name));
    }

    synchronized boolean knowsBinding(Section section) {
        return bindings.containsKey(section);
    }

    /** The library versions {@code client}'s worker loaded in {@code section} (library id to version). */
    synchronized void versions(Section section, String client, Map<String, String> loaded) {
        versions.computeIfAbsent(section, s -> new LinkedHashMap<>()).putIfAbsent(client, Map.copyOf(loaded));
    }

    /** Per client, the versions its worker loaded in {@code section}, in the order the workers started. */
    synchronized Map<String, Map<String, String>> versions(Section section) {
        return new LinkedHashMap<>(versions.getOrDefault(section, Map.of()));
    }

    /**
     * The Reactor Netty client with the highest median rate on {@code workload} in {@code section}:
     * what "vs Reactor Netty" compares with. {@code reactor-netty} when neither was measured.
     */
    String fastestReactorNetty(Section section, Workload workload) {
        String fastest = REACTOR_NETTY.get(0);
        double best = 0;
        for (String client : REACTOR_NETTY) {
            double rate = medianRate(section, workload, client);
            if (rate > best) {
                fastest = client;
                best = rate;
            }
        }
        return fastest;
    }

    List<Run> select(Section section, Workload workload, String client) {
        return runs.stream()
                .filter(r -> r.section.equals(section) && r.workload == workload && r.client.equals(client))
                .toList();
    }

    /** The median rate of {@code client} on {@code workload} in {@code section}, or NaN. */
    double medianRate(Section section, Workload workload, String client) {
        return median(select(section, workload, client), Run::rate);
    }

    /** The median of a field over {@code client}'s runs; NaN when there are none or it was not measured. */
    double median(Section section, Workload workload, String client, ToDoubleFunction<Run> field) {
        double value = median(select(section, workload, client), field);
        return value < 0 ? Double.NaN : value;
    }

    List<Hold> holds(Section section) {
        return holds.stream().filter(h -> h.section.equals(section)).toList();
    }

    /** The receive buffer sizes swept in {@code section}, in the order run. */
    List<Integer> sweepSizes(Section section) {
        return sweepRuns.stream()
                .filter(r -> r.section.equals(section))
                .map(SweepRun::receiveBuffer)
                .distinct()
                .toList();
    }

    List<SweepRun> sweep(Section section, int receiveBuffer, String client) {
        return sweepRuns.stream()
                .filter(r -> r.section.equals(section) && r.receiveBuffer == receiveBuffer && r.client.equals(client))
                .toList();
    }

    double sweepMedian(Section section, int receiveBuffer, String client) {
        return median(sweep(section, receiveBuffer, client), SweepRun::rate);
    }

    /** The swept size at which the C program was fastest (median), if it ran in the sweep. */
    OptionalInt bestSweepSizeForC(Section section) {
        int best = -1;
        double bestRate = 0;
        for (int size : sweepSizes(section)) {
            double rate = sweepMedian(section, size, "c");
            if (rate > bestRate) {
                best = size;
                bestRate = rate;
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /**
     * The clients measured on {@code workload} in {@code section}: ours first, then the others; a
     * client measured on several libcurls once per libcurl, together.
     */
    List<String> clientsIn(Section section, Workload workload) {
        List<String> measured = runs.stream()
                .filter(r -> r.section.equals(section) && r.workload == workload)
                .map(Run::client)
                .distinct()
                .toList();
        List<String> ordered = new ArrayList<>();
        for (List<String> group : List.of(OURS, OTHERS)) {
            for (String client : group) {
                measured.stream().filter(label -> base(label).equals(client)).forEach(ordered::add);
            }
        }
        measured.stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
        return ordered;
    }

    /** The client a report label names: {@code curl-flux} for {@code curl-flux [8.14.1]}. */
    static String base(String label) {
        int bracket = label.indexOf(" [");
        return bracket < 0 ? label : label.substring(0, bracket);
    }

    /** The libcurl part of a report label: {@code " [8.14.1]"}, or "" (one libcurl, or a peer). */
    static String suffix(String label) {
        return label.substring(base(label).length());
    }

    /** The libcurl a label suffix names: {@code bundled 8.22.0} for {@code " [bundled 8.22.0]"}. */
    static String libcurlOf(String suffix) {
        return suffix.substring(2, suffix.length() - 1);
    }

    /** The libcurl suffixes measured in {@code section}, in the order first measured; [""] with one libcurl. */
    List<String> libcurlSuffixes(Section section) {
        List<String> suffixes = Stream.concat(
                        runs.stream().filter(r -> r.section.equals(section)).map(Run::client),
                        sweepRuns.stream()
                                .filter(r -> r.section.equals(section))
                                .map(SweepRun::client))
                .map(Results::suffix)
                .filter(suffix -> !suffix.isEmpty())
                .distinct()
                .toList();
        return suffixes.isEmpty() ? List.of("") : suffixes;
    }

    /**
     * These results as if {@code suffix}'s libcurl had been the only one: its runs under the bare
     * client names, beside the peers' runs; the other libcurls' runs left out. The targets are judged
     * on such a view, once per libcurl, unchanged.
     */
    synchronized Results onLibcurl(String suffix) {
        Results view = new Results();
        for (Run run : runs) {
            String label = onLibcurl(run.client, suffix);
            if (label != null) {
                view.add(new Run(
                        run.section,
                        run.workload,
                        label,
                        run.rate,
                        run.peakRssKib,
                        run.allocatedPerUnit,
                        run.cpuMicrosPerUnit));
            }
        }
        for (SweepRun run : sweepRuns) {
            String label = onLibcurl(run.client, suffix);
            if (label != null) {
                view.add(new SweepRun(run.section, run.receiveBuffer, label, run.rate));
            }
        }
        return view;
    }

    /** The bare name of {@code label} if it is a peer's or {@code suffix}'s; null for another libcurl's. */
    private static String onLibcurl(String label, String suffix) {
        String own = suffix(label);
        return own.isEmpty() || own.equals(suffix) ? base(label) : null;
    }

    String render(List<Section> sections, List<Workload> workloads) {
        StringBuilder out = new StringBuilder(
                "\nWorker JDKs, and the native binding our clients used on each (as the worker reported it):\n\n");
        sections.stream()
                .map(Section::jdk)
                .distinct()
                .forEach(jdk -> out.append("- ")
                        .append(jdk.label())
                        .append(" at ")
                        .append(jdk.home())
                        .append(": ")
                        .append(bindingOf(sections, jdk))
                        .append('\n'));
        for (Section section : sections) {
            out.append("\n### ").append(section.title()).append("\n\n");
            Binding binding = bindings.get(section);
            if (binding != null) {
                out.append("Workers: ").append(binding.describe()).append(" for our clients.\n\n");
            }
            out.append(libraries(section));
            out.append(new ReportTables(this, section).render(workloads));
            for (String suffix : libcurlSuffixes(section)) {
                Results view = this;
                if (!suffix.isEmpty()) {
                    view = onLibcurl(suffix);
                    out.append("\n#### Targets on libcurl ")
                            .append(libcurlOf(suffix))
                            .append(" (our clients and the C program on it)\n");
                }
                out.append(Targets.firstGoals(view, section));
                out.append(Targets.nativeSpeed(view, section));
                out.append(Targets.metricsCost(view, section));
                out.append(Targets.pooledBodies(view, section));
            }
        }
        if (!failures.isEmpty()) {
            out.append("\nFailed runs (not in the medians):\n\n");
            failures.forEach(f -> out.append("- ").append(f).append('\n'));
        }
        return out.toString();
    }

    /** Each Java client's libraries at the versions its worker loaded, one line per client. */
    private String libraries(Section section) {
        StringBuilder out = new StringBuilder();
        versions(section).forEach((client, loaded) -> {
            List<String> named = Libraries.of(base(client)).stream()
                    .filter(loaded::containsKey)
                    .map(id -> Libraries.name(id) + " " + loaded.get(id))
                    .toList();
            if (!named.isEmpty()) {
                out.append("- ")
                        .append(client)
                        .append(": ")
                        .append(String.join(", ", named))
                        .append('\n');
            }
        });
        return out.length() == 0 ? "" : "Libraries, as each client's worker loaded them:\n\n" + out + '\n';
    }

    private String bindingOf(List<Section> sections, Jdk jdk) {
        return sections.stream()
                .filter(s -> s.jdk().equals(jdk) && bindings.containsKey(s))
                .findFirst()
                .map(s -> bindings.get(s).describe())
                .orElse("no Java worker ran");
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
