package dev.curlmulti.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tables of one report section: every client's medians with min–max (throughput, CPU, heap
 * allocated, peak RSS); our throughput as a multiple of each other client's; our CPU against the
 * C program's; (f)'s trickling transfers; the (c) receive-buffer sweep.
 */
final class ReportTables {
    static final String CPU_NOTE = """
            CPU: the client process's CPU time (user + system, all its threads: GC and JIT included) over
            the timed run, per request on (a), (b), (e) and per MiB of body on (c), (d); the C program
            measures its own with getrusage; wrk's is not measured. Heap alloc: the Java heap the worker's
            threads allocated over the timed run, in the same units (per request, per MiB on (c), (d)).
            """;

    private final Results results;
    private final Section section;

    ReportTables(Results results, Section section) {
        this.results = results;
        this.section = section;
    }

    String render(List<Workload> workloads) {
        List<Workload> throughput =
                workloads.stream().filter(w -> w != Workload.F).toList();
        StringBuilder out = new StringBuilder();
        if (!throughput.isEmpty()) {
            runs(out, throughput);
            ratios(out, throughput);
            cpuRatios(out, throughput);
        }
        holds(out);
        sweep(out);
        return out.toString();
    }

    private void runs(StringBuilder out, List<Workload> workloads) {
        out.append(CPU_NOTE).append('\n');
        out.append("| workload | client | median | min–max | CPU | CPU min–max | heap alloc | peak RSS |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Workload workload : workloads) {
            for (String client : results.clientsIn(section, workload)) {
                List<Results.Run> runs = results.select(section, workload, client);
                out.append("| ")
                        .append(workload.letter())
                        .append(" | ")
                        .append(client)
                        .append(" | ")
                        .append(Format.rate(workload, Results.median(runs, Results.Run::rate)))
                        .append(" | ")
                        .append(Format.rateRange(
                                workload, runs.stream().map(Results.Run::rate).toList()))
                        .append(" | ")
                        .append(Format.cpu(
                                workload, results.median(section, workload, client, Results.Run::cpuMicrosPerUnit)))
                        .append(" | ")
                        .append(Format.range(runs, Results.Run::cpuMicrosPerUnit))
                        .append(" | ")
                        .append(Format.heap(
                                workload, results.median(section, workload, client, Results.Run::allocatedPerUnit)))
                        .append(" | ")
                        .append(Format.mib(results.median(section, workload, client, r -> r.peakRssKib())))
                        .append(" |\n");
            }
        }
    }

    /**
     * Ours against every other client measured in this section, and first against the faster Reactor
     * Netty generation on each workload (the one named in brackets), which the targets use as well.
     * With several libcurls, each of ours once per libcurl, against the C program on every one of them.
     */
    private void ratios(StringBuilder out, List<Workload> workloads) {
        List<String> others = measured(workloads, Results.OTHERS);
        boolean netty = others.stream().anyMatch(Results.REACTOR_NETTY::contains);
        out.append("\nOur throughput as a multiple of each other client's"
                + " (median over median; > 1 = we are faster):\n\n");
        out.append("| workload | ours |").append(netty ? " vs fastest Reactor Netty |" : "");
        others.forEach(other -> out.append(" vs ").append(other).append(" |"));
        out.append("\n|---|---|")
                .append("---:|".repeat(others.size() + (netty ? 1 : 0)))
                .append('\n');
        for (Workload workload : workloads) {
            String fastest = results.fastestReactorNetty(section, workload);
            for (String ours : measured(List.of(workload), Results.OURS)) {
                double rate = results.medianRate(section, workload, ours);
                out.append("| ")
                        .append(workload.letter())
                        .append(" | ")
                        .append(ours)
                        .append(" |");
                if (netty) {
                    double ratio = rate / results.medianRate(section, workload, fastest);
                    out.append(' ')
                            .append(Format.ratio(ratio))
                            .append(Double.isNaN(ratio) ? "" : " (" + fastest + ")")
                            .append(" |");
                }
                for (String other : others) {
                    out.append(' ')
                            .append(Format.ratio(rate / results.medianRate(section, workload, other)))
                            .append(" |");
                }
                out.append('\n');
            }
        }
    }

    /** The labels measured on any of {@code workloads} whose client is in {@code clients}, in the report's order. */
    private List<String> measured(List<Workload> workloads, List<String> clients) {
        List<String> labels = new ArrayList<>();
        for (Workload workload : workloads) {
            results.clientsIn(section, workload).stream()
                    .filter(label -> clients.contains(Results.base(label)) && !labels.contains(label))
                    .forEach(labels::add);
        }
        return labels;
    }

    /** Ours against the C program on the same libcurl (the label's suffix): what libcurl costs, and what we add. */
    private void cpuRatios(StringBuilder out, List<Workload> workloads) {
        out.append("\nCPU per request (per MiB on c, d): ours / C (median over median; < 1 = ours uses less CPU):\n\n");
        out.append("| workload | ours | CPU | c's CPU | ours / c | c-file's CPU | ours / c-file |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Workload workload : workloads) {
            for (String ours : measured(List.of(workload), Results.OURS)) {
                double cpu = cpu(workload, ours);
                if (Double.isNaN(cpu)) {
                    continue;
                }
                double c = cpu(workload, "c" + Results.suffix(ours));
                double cFile = cpu(workload, "c-file" + Results.suffix(ours));
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s | %s | %s |%n",
                        workload.letter(),
                        ours,
                        Format.cpu(workload, cpu),
                        Format.cpu(workload, c),
                        Format.ratio(cpu / c),
                        Format.cpu(workload, cFile),
                        Format.ratio(cpu / cFile)));
            }
        }
    }

    private double cpu(Workload workload, String client) {
        return results.median(section, workload, client, Results.Run::cpuMicrosPerUnit);
    }

    private void holds(StringBuilder out) {
        List<Results.Hold> holds = results.holds(section);
        if (holds.isEmpty()) {
            return;
        }
        out.append("\n").append(Workload.F.title).append(": process CPU while they trickle, memory per transfer\n\n");
        out.append("| client | CPU ms per second | RSS per transfer | heap per transfer | time to start all |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        for (Results.Hold hold : holds) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %s | %s | %.1f s |%n",
                    hold.client(),
                    hold.cpuMillisPerSecond(),
                    Format.bytes(hold.rssBytesPerTransfer()),
                    Format.bytes(hold.heapBytesPerTransfer()),
                    hold.startMillis() / 1000.0));
        }
    }

    /** The sweep's clients (each once per libcurl) by receive buffer, and curl-flux / c on each libcurl. */
    private void sweep(StringBuilder out) {
        List<Integer> sizes = results.sweepSizes(section);
        if (sizes.isEmpty()) {
            return;
        }
        List<String> suffixes = results.libcurlSuffixes(section);
        List<String> labels = new ArrayList<>();
        for (String client : ReceiveBufferSweep.CLIENTS) {
            suffixes.forEach(suffix -> labels.add(client + suffix));
        }
        out.append("\n(c) 1 GiB body by libcurl receive buffer (CURLOPT_BUFFERSIZE), MiB/s, median"
                + " (min–max over the rounds):\n\n");
        out.append("| receive buffer |");
        labels.forEach(label -> out.append(' ').append(label).append(" |"));
        suffixes.forEach(suffix -> out.append(" curl-flux / c").append(suffix).append(" |"));
        out.append("\n|---|")
                .append("---:|".repeat(labels.size() + suffixes.size()))
                .append('\n');
        for (int size : sizes) {
            out.append("| ").append(Format.kib(size)).append(" |");
            for (String label : labels) {
                List<Results.SweepRun> runs = results.sweep(section, size, label);
                out.append(' ').append(Format.mibPerSecond(Results.median(runs, Results.SweepRun::rate)));
                if (runs.size() > 1) {
                    out.append(" (")
                            .append(Format.rateRange(
                                    Workload.C,
                                    runs.stream().map(Results.SweepRun::rate).toList()))
                            .append(')');
                }
                out.append(" |");
            }
            for (String suffix : suffixes) {
                out.append(' ')
                        .append(Format.ratio(results.sweepMedian(section, size, "curl-flux" + suffix)
                                / results.sweepMedian(section, size, "c" + suffix)))
                        .append(" |");
            }
            out.append('\n');
        }
        for (String suffix : suffixes) {
            String on = suffix.isEmpty() ? "" : " on " + Results.libcurlOf(suffix);
            results.onLibcurl(suffix)
                    .bestSweepSizeForC(section)
                    .ifPresent(best -> out.append("\nBest for the C program")
                            .append(on)
                            .append(": ")
                            .append(Format.kib(best))
                            .append("; the (c) targets below compare curl-flux (native speed, at this size) "
                                    + "and curl-chunks (pooled bodies, with the C program's figure here) with it.\n"));
        }
    }
}
