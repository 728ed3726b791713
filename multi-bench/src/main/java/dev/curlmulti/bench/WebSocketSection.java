package dev.curlmulti.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One section of {@code bin/bench-websocket}: every client on one worker JDK in one mode, ours once
 * per libcurl, against the echo server of that mode. Each client gets its own worker JVM, which opens
 * all its sessions and warms up once; then the rounds alternate the clients (A B C A B C ...), so that
 * drift on a shared machine hits them alike. A failure is recorded for its client and the others go on.
 */
final class WebSocketSection {
    /**
     * What a section measured.
     *
     * @param binding      the Java version and native binding our clients used, as a worker reported it
     * @param samples      each client's measured runs, in the clients' order
     * @param openMillis   how long each client took to open all its sessions
     * @param failures     why a client has no (or fewer) runs
     * @param skipped      clients left out of this section and why
     */
    record Result(Section section, String binding, Map<String, List<EchoSample>> samples, Map<String, Long> openMillis,
                  Map<String, String> failures, Map<String, String> skipped) {
    }

    private final WebSocketBenchOptions options;
    private final Section section;
    private final List<String> clientPrefix;
    private final WorkerProcess server;
    private final String uri;

    WebSocketSection(WebSocketBenchOptions options, Section section, List<String> clientPrefix, WorkerProcess server,
                     String uri) {
        this.options = options;
        this.section = section;
        this.clientPrefix = clientPrefix;
        this.server = server;
        this.uri = uri;
    }

    Result run() {
        Map<String, List<EchoSample>> samples = new LinkedHashMap<>();
        Map<String, Long> openMillis = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        Map<String, WorkerProcess> workers = new LinkedHashMap<>();
        String binding = "not reported";
        try {
            for (Contender contender : Contender.of(options.clients(), options.libcurls())) {
                String client = contender.label();
                if (contender.client().equals("curl-ws-1loop") && section.mode().equals("pinned")) {
                    skipped.put(client, "on one core curl-ws has one loop already");
                    continue;
                }
                WorkerProcess worker = start(contender, failures);
                if (worker == null) {
                    continue;
                }
                workers.put(client, worker);
                samples.put(client, new ArrayList<>());
                try {
                    if (client.startsWith("curl-") && binding.equals("not reported")) {
                        binding = String.join(" ", worker.call("info"));
                    }
                    openMillis.put(client, Long.parseLong(worker.call("open %s %d %d".formatted(uri, options.sessions(),
                            options.messageBytes()))[0]));
                    log("  %s: %,d sessions open in %,d ms; warming up %.0f s", client, options.sessions(),
                            openMillis.get(client), options.warmup());
                    worker.call("run " + options.warmup());
                } catch (IOException | RuntimeException e) {
                    failures.put(client, e.getMessage());
                }
            }
            for (int round = 1; round <= options.rounds(); round++) {
                for (var entry : workers.entrySet()) {
                    if (!failures.containsKey(entry.getKey())) {
                        measure(entry.getKey(), entry.getValue(), round, samples, failures);
                    }
                }
            }
        } finally {
            workers.values().forEach(WorkerProcess::close);
        }
        return new Result(section, binding, samples, openMillis, failures, skipped);
    }

    private WorkerProcess start(Contender contender, Map<String, String> failures) {
        try {
            return new WorkerProcess(WebSocketWorker.class, List.of(contender.client()), contender.label(),
                    contender.libcurl(), section.jdk(), clientPrefix, options.logs().resolve("websocket-"
                            + contender.fileName() + "-jdk" + section.jdk().feature() + "-" + section.mode() + ".log"),
                    null, 0);
        } catch (IOException e) {
            failures.put(contender.label(), e.getMessage());
            return null;
        }
    }

    private void measure(String client, WorkerProcess worker, int round, Map<String, List<EchoSample>> samples,
                         Map<String, String> failures) {
        try {
            MachineLoad load = MachineLoad.watch(worker.handle(), server.handle(), ProcessHandle.current());
            String[] answer = worker.call("run " + options.seconds());
            EchoSample sample = EchoSample.fromWorker(answer, load.othersCores());
            samples.get(client).add(sample);
            log("  round %d %s: %,.0f messages/s, %.1f µs CPU per message, fewest per session %,d, others' CPU %.2f cores",
                    round, client, sample.rate(), sample.cpuMicrosPerMessage(), sample.fewestPerSession(), sample.othersCores());
        } catch (IOException | RuntimeException e) {
            failures.put(client, e.getMessage());
            log("  FAILED %s: %s", client, e.getMessage());
        }
    }

    static void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }
}
