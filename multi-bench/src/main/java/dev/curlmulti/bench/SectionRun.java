package dev.curlmulti.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One report section: every chosen client on the section's JDK in one mode. Starts one worker JVM
 * per Java client and warms each up in-process, then runs every workload A B C A B C over the
 * rounds so that drift hits all clients alike, the C program and wrk included; then (f) with a
 * fresh JVM per client, then the (c) receive-buffer sweep when asked for.
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
            // The pooled body form (issue 30): its targets are on (c) and (d), (a) and (b) for information.
            case "curl-chunks" -> workload != Workload.E && workload != Workload.F;
            case "wrk" -> !workload.http2 && workload != Workload.F;
            default -> workload != Workload.F;
        };
    }

    private void throughputWorkloads() {
        List<Workload> throughput = options.workloads().stream().filter(w -> w != Workload.F).toList();
        List<String> clients = options.clients().stream()
                .filter(client -> throughput.stream().anyMatch(w -> applies(client, w))).toList();
        if (throughput.isEmpty() || clients.isEmpty()) {
            return;
        }
        Map<String, WorkerProcess> workers = new LinkedHashMap<>();
        try {
            for (String client : clients) {
                if (!BenchOptions.EXTERNAL.contains(client)) {
                    workers.put(client, harness.startWorker(client, "", options.receiveBuffer()));
                }
            }
            // In-process warm-up: the Java clients need about 10 s here to reach steady speed.
            for (Map.Entry<String, WorkerProcess> worker : workers.entrySet()) {
                if (worker.getValue() != null) {
                    Workload shape = applies(worker.getKey(), Workload.A) ? Workload.A : Workload.D;
                    Harness.log("%s: warming up %s for %.0f s", harness.section.title(), worker.getKey(),
                            options.warmupSeconds());
                    harness.warm(worker.getValue(), shape, options.warmupSeconds());
                }
            }
            for (Workload workload : throughput) {
                List<String> order = clients.stream().filter(c -> applies(c, workload)).toList();
                for (String client : order) {
                    WorkerProcess worker = workers.get(client);
                    if (worker != null) {
                        harness.warm(worker, workload, options.warmupSeconds() / 3);
                    }
                }
                for (int round = 1; round <= options.rounds(); round++) {
                    for (String client : order) {
                        Harness.log("%s %s round %d/%d: %s", harness.section.title(), workload.title, round,
                                options.rounds(), client);
                        Results.Run run = harness.measure(workload, client, workers.get(client), options.receiveBuffer());
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
        for (String client : HOLD_CLIENTS) {
            boolean wanted = options.clients().contains(client)
                    || (client.startsWith("curl-flux") && options.clients().contains("curl-flux"));
            if (!wanted) {
                continue;
            }
            Harness.log("%s %s: %s", harness.section.title(), Workload.F.title, client);
            WorkerProcess worker = harness.startWorker(client, "hold", options.receiveBuffer());
            if (worker == null) {
                continue;
            }
            try (worker) {
                String[] r = worker.call("hold %s %d %s".formatted(harness.server.url(Workload.F), transfers,
                        options.holdSeconds()));
                harness.results.add(new Results.Hold(harness.section, client, Long.parseLong(r[0]) / 1e6,
                        Long.parseLong(r[1]), Long.parseLong(r[2]), Long.parseLong(r[3])));
            } catch (Exception e) {
                harness.failed("f " + client, e);
            }
        }
    }
}
