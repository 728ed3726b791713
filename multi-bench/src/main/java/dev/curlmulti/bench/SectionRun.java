package dev.curlmulti.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One report section: every chosen client on the section's JDK in one mode, ours and the C program
 * once per libcurl. Starts one worker JVM per Java client and warms each up in-process, then runs
 * every workload A B C A B C over the rounds so that drift hits all clients alike, the C program and
 * wrk included; then (f) with a fresh JVM per client, then the (c) receive-buffer sweep when asked for.
 */
final class SectionRun {
    private static final List<String> HOLD_CLIENTS =
            List.of("curl-flux-socket", "curl-flux-poll", "reactor-netty", "reactor-netty-1.3", "jdk", "jetty");

    private final Harness harness;
    private final BenchOptions options;

    SectionRun(Harness harness) {
        this.harness = harness;
        this.options = harness.options;
    }

    void run() {
        throughputWorkloads();
        if (options.measures(Workload.F)) {
            holds();
        }
        if (options.sweeps()) {
            new ReceiveBufferSweep(harness).run();
        }
    }

    /** Whether {@code client} is measured on {@code workload}; the others skip it silently. */
    static boolean applies(String client, Workload workload) {
        return switch (client) {
            case "curl-file", "c-file" -> workload == Workload.C || workload == Workload.D;
            case "webclient-curl", "webclient-netty", "webclient-curl-spring7", "webclient-netty-spring7" ->
                workload == Workload.A || workload == Workload.C || workload == Workload.D;
            case "curl-flux-timings", "curl-flux-metrics" -> workload == Workload.A;
            // The pooled body form: its targets are on (c) and (d), (a) and (b) for information.
            case "curl-chunks" -> workload != Workload.E && workload != Workload.F;
            case "wrk" -> !workload.http2 && workload != Workload.F;
            default -> workload != Workload.F;
        };
    }

    private void throughputWorkloads() {
        List<Workload> throughput =
                options.workloads().stream().filter(w -> w != Workload.F).toList();
        List<Contender> contenders = Contender.of(
                options.clients().stream()
                        .filter(client -> throughput.stream().anyMatch(w -> applies(client, w)))
                        .toList(),
                options.libcurls());
        if (throughput.isEmpty() || contenders.isEmpty()) {
            return;
        }
        Map<Contender, WorkerProcess> workers = new LinkedHashMap<>();
        try {
            for (Contender contender : contenders) {
                if (!BenchOptions.EXTERNAL.contains(contender.client())) {
                    workers.put(contender, harness.startWorker(contender, "", options.receiveBuffer()));
                }
            }
            // In-process warm-up: the Java clients need about 10 s here to reach steady speed.
            for (Map.Entry<Contender, WorkerProcess> worker : workers.entrySet()) {
                if (worker.getValue() != null) {
                    Workload shape = applies(worker.getKey().client(), Workload.A) ? Workload.A : Workload.D;
                    Harness.log(
                            "%s: warming up %s for %.0f s",
                            harness.section.title(), worker.getKey().label(), options.warmupSeconds());
                    harness.warm(worker.getValue(), shape, options.warmupSeconds());
                }
            }
            for (Workload workload : throughput) {
                List<Contender> order = contenders.stream()
                        .filter(c -> applies(c.client(), workload))
                        .toList();
                for (Contender contender : order) {
                    WorkerProcess worker = workers.get(contender);
                    if (worker != null) {
                        harness.warm(worker, workload, options.warmupSeconds() / 3);
                    }
                }
                for (int round = 1; round <= options.rounds(); round++) {
                    for (Contender contender : order) {
                        Harness.log(
                                "%s %s round %d/%d: %s",
                                harness.section.title(), workload.title, round, options.rounds(), contender.label());
                        Results.Run run =
                                harness.measure(workload, contender, workers.get(contender), options.receiveBuffer());
                        if (run != null) {
                            harness.results.add(run);
                        }
                    }
                }
            }
        } finally {
            workers.values().stream().filter(w -> w != null).forEach(WorkerProcess::close);
        }
    }

    private void holds() {
        int transfers = Workload.F.requests(options.scale());
        List<String> clients = HOLD_CLIENTS.stream()
                .filter(client -> options.clients().contains(client)
                        || (client.startsWith("curl-flux") && options.clients().contains("curl-flux")))
                .toList();
        for (Contender contender : Contender.of(clients, options.libcurls())) {
            Harness.log("%s %s: %s", harness.section.title(), Workload.F.title, contender.label());
            WorkerProcess worker = harness.startWorker(contender, "hold", options.receiveBuffer());
            if (worker == null) {
                continue;
            }
            try (worker) {
                String[] r = worker.call(
                        "hold %s %d %s".formatted(harness.server.url(Workload.F), transfers, options.holdSeconds()));
                harness.results.add(new Results.Hold(
                        harness.section,
                        contender.label(),
                        Long.parseLong(r[0]) / 1e6,
                        Long.parseLong(r[1]),
                        Long.parseLong(r[2]),
                        Long.parseLong(r[3])));
            } catch (Exception e) {
                harness.failed("f " + contender.label(), e);
            }
        }
    }
}
