package dev.curlmulti.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --receive-buffers=16384,65536,...}: (c), one 1 GiB body, for ours (curl-flux, curl-multi)
 * and the C program at each libcurl receive buffer size ({@code CURLOPT_BUFFERSIZE}), which caps
 * large-body throughput for libcurl itself. The report picks the size that serves the C program
 * best for the (c) target of issue 17, so that ours is held to libcurl's best, not its default.
 *
 * <p>The buffer is fixed when a client is built, so every size gets fresh worker JVMs, warmed on
 * (c) itself for a third of {@code --warmup} (a 1 GiB body exercises the hot path many thousand
 * times per fetch); within a size the clients alternate over the rounds.
 */
final class ReceiveBufferSweep {
    static final List<String> CLIENTS = List.of("curl-flux", "curl-multi", "c");

    private final Harness harness;

    ReceiveBufferSweep(Harness harness) {
        this.harness = harness;
    }

    void run() {
        BenchOptions options = harness.options;
        List<String> clients = CLIENTS.stream().filter(options.clients()::contains).toList();
        for (int size : options.receiveBuffers()) {
            Map<String, WorkerProcess> workers = new LinkedHashMap<>();
            try {
                for (String client : clients) {
                    if (!BenchOptions.EXTERNAL.contains(client)) {
                        WorkerProcess worker = harness.startWorker(client, "rb" + size, size);
                        if (worker != null) {
                            workers.put(client, worker);
                            harness.warm(worker, Workload.C, options.warmupSeconds() / 3);
                        }
                    }
                }
                for (int round = 1; round <= options.rounds(); round++) {
                    for (String client : clients) {
                        Harness.log("%s (c) receive buffer %d round %d/%d: %s", harness.section.title(), size, round,
                                options.rounds(), client);
                        Results.Run run = harness.measure(Workload.C, client, workers.get(client), size);
                        if (run != null) {
                            harness.results.add(new Results.SweepRun(harness.section, size, client, run.rate()));
                        }
                    }
                }
            } finally {
                workers.values().forEach(WorkerProcess::close);
            }
        }
    }
}
