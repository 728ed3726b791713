package dev.curlmulti.bench;

import dev.curlmulti.bench.clients.Libraries;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One section of {@code bin/bench-websocket}: every client on one worker JDK in one mode with one
 * session count, ours once per libcurl, against the echo server of that mode. Each client gets its own
 * worker JVM for the section; the rounds alternate the clients (A B C A B C ...), so that drift on a
 * shared machine hits them alike. In each round a client opens all its sessions, warms up and measures
 * each message size, and closes them again ({@link WebSocketClientRun}): only one client's sessions are
 * open at a time, so that neither the echo server nor the open-file limit has to hold every client's
 * 10,000 sessions at once. A failure is recorded for its client and the others go on.
 */
final class WebSocketSection {
    private final WebSocketBenchOptions options;
    private final Section section;
    private final int sessions;
    private final List<String> clientPrefix;
    private final WorkerProcess server;
    private final String uri;

    WebSocketSection(
            WebSocketBenchOptions options,
            Section section,
            int sessions,
            List<String> clientPrefix,
            WorkerProcess server,
            String uri) {
        this.options = options;
        this.section = section;
        this.sessions = sessions;
        this.clientPrefix = clientPrefix;
        this.server = server;
        this.uri = uri;
    }

    WebSocketResult run() {
        Map<String, WebSocketClientRuns> clients = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        Map<String, WorkerProcess> workers = new LinkedHashMap<>();
        String binding = "not reported";
        String limits = "not reported";
        try {
            for (Contender contender : Contender.of(options.clients(), options.libcurls())) {
                String label = contender.label();
                if (contender.client().equals("curl-ws-1loop") && section.mode().equals("pinned")) {
                    skipped.put(label, "on one core curl-ws has one loop already");
                    continue;
                }
                WebSocketClientRuns runs = new WebSocketClientRuns(label, contender.client(), options.messageBytes());
                clients.put(label, runs);
                try {
                    WorkerProcess worker = start(contender);
                    workers.put(label, worker);
                    String[] limit = worker.call("limits");
                    OpenFiles workerLimits = new OpenFiles(Long.parseLong(limit[0]), Long.parseLong(limit[1]));
                    limits = workerLimits.describe();
                    workerLimits.requireSoft(label + "'s worker", sessions);
                    if (label.startsWith("curl-") && binding.equals("not reported")) {
                        binding = String.join(" ", worker.call("info"));
                    }
                    runs.versions = versions(worker.call("versions"), contender.client());
                } catch (IOException | RuntimeException e) {
                    failures.put(label, e.getMessage());
                    log("  FAILED %s: %s", label, e.getMessage());
                }
            }
            for (int round = 1; round <= options.rounds(); round++) {
                for (var entry : workers.entrySet()) {
                    if (!failures.containsKey(entry.getKey())) {
                        new WebSocketClientRun(
                                        options,
                                        sessions,
                                        server,
                                        uri,
                                        entry.getValue(),
                                        clients.get(entry.getKey()),
                                        failures)
                                .run(round);
                    }
                }
            }
        } finally {
            workers.values().forEach(WorkerProcess::close);
        }
        return new WebSocketResult(
                section, sessions, options.messageBytes(), binding, limits, clients, failures, skipped);
    }

    private WorkerProcess start(Contender contender) throws IOException {
        return new WorkerProcess(
                WebSocketWorker.class,
                List.of(contender.client()),
                contender.label(),
                contender.libcurl(),
                WorkerClassPath.of(contender.client()),
                section.jdk(),
                clientPrefix,
                options.logs()
                        .resolve("websocket-" + contender.fileName() + "-jdk"
                                + section.jdk().feature() + "-" + section.mode() + "-" + sessions + ".log"),
                null,
                0);
    }

    /** The libraries a worker reported that its client is built on: {@code Reactor Netty 1.3.8, Netty 4.2.18}. */
    private static String versions(String[] answer, String client) {
        Map<String, String> loaded = Libraries.parse(answer);
        StringBuilder out = new StringBuilder();
        for (String id : Libraries.of(client)) {
            if (loaded.containsKey(id)) {
                out.append(out.isEmpty() ? "" : ", ")
                        .append(Libraries.name(id))
                        .append(' ')
                        .append(loaded.get(id));
            }
        }
        return out.toString();
    }

    static void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }
}
