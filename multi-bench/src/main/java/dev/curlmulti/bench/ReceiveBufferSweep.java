package dev.curlmulti.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --receive-buffers=16384,65536,...}: (c), one 1 GiB body, for ours (curl-flux, curl-multi)
 * and the C program, each once per libcurl, at each libcurl receive buffer size
 * ({@code CURLOPT_BUFFERSIZE}), which caps large-body throughput for libcurl itself. The report picks
 * the size that serves the C program best (on each libcurl) for the (c) native-speed target, so that
 * ours is held to libcurl's best, not its default.
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
        List<Contender> contenders = Contender.of(
                CLIENTS.stream().filter(options.clients()::contains).toList(), options.libcurls());
        for (int size : options.receiveBuffers()) {
            Map<Contender, WorkerProcess> workers = new LinkedHashMap<>();
            try {
                for (Contender contender : contenders) {
                    if (!BenchOptions.EXTERNAL.contains(contender.client())) {
                        WorkerProcess worker = harness.startWorker(contender, "rb" + size, size);
                        if (worker != null) {
                            workers.put(contender, worker);
                            harness.warm(worker, Workload.C, options.warmupSeconds() / 3);
                        }
                    }
                }
                for (int round = 1; round <= options.rounds(); round++) {
                    for (Contender contender : contenders) {
                        Harness.log(
                                "%s (c) receive buffer %d round %d/%d: %s",
                                harness.section.title(), size, round, options.rounds(), contender.label());
                        Results.Run run = harness.measure(Workload.C, contender, workers.get(contender), size);
                        if (run != null) {
                            harness.results.add(new Results.SweepRun(harness.section, size, run.client(), run.rate()));
                        }
                    }
                }
            } finally {
                workers.values().forEach(WorkerProcess::close);
            }
        }
    }
}
