package dev.curlmulti.bench;

import java.io.IOException;
import java.util.Map;

/**
 * One client's turn in one round of a {@link WebSocketSection}: once the echo server holds no
 * sessions, the worker opens all of the section's sessions (timed), warms up and measures each message
 * size in turn, then closes them. The warm-up is {@code --warmup} seconds per message size in the first
 * round (the worker's JIT is cold) and {@value #REWARM_SECONDS} s in later rounds (fresh sessions on a
 * warm JVM). On a failure the worker is stopped, so that its sessions do not stay open beside the next
 * client's, and the client is left out of the later rounds.
 */
final class WebSocketClientRun {
    /** Seconds each message size warms up after a worker's first round (no more than {@code --warmup}). */
    static final double REWARM_SECONDS = 1;
    /** How long the echo server may take to see the last client's sessions closed. */
    private static final long IDLE_WAIT_NANOS = 60_000_000_000L;

    private final WebSocketBenchOptions options;
    private final int sessions;
    private final WorkerProcess server;
    private final String uri;
    private final WorkerProcess worker;
    private final WebSocketClientRuns runs;
    private final Map<String, String> failures;

    WebSocketClientRun(
            WebSocketBenchOptions options,
            int sessions,
            WorkerProcess server,
            String uri,
            WorkerProcess worker,
            WebSocketClientRuns runs,
            Map<String, String> failures) {
        this.options = options;
        this.sessions = sessions;
        this.server = server;
        this.uri = uri;
        this.worker = worker;
        this.runs = runs;
        this.failures = failures;
    }

    void run(int round) {
        try {
            awaitIdleServer();
            runs.opened(worker.call("open " + uri + " " + sessions), sessions);
            log(
                    "  round %d %s: %,d sessions open in %,d ms%s",
                    round,
                    runs.label,
                    sessions,
                    runs.openMillis.get(runs.openMillis.size() - 1),
                    round == 1
                            ? String.format(
                                    java.util.Locale.ROOT,
                                    " (RSS %s per session, %,d descriptors open)",
                                    Format.bytes(runs.rssBytesPerSession),
                                    runs.openFiles)
                            : "");
            double warmup = round == 1 ? options.warmup() : Math.min(options.warmup(), REWARM_SECONDS);
            for (int bytes : options.messageBytes()) {
                if (warmup > 0) {
                    worker.call("run " + warmup + " " + bytes);
                }
                measure(round, bytes);
            }
            String[] closed = worker.call("close");
            log(
                    "  round %d %s: sessions closed in %,d ms%s",
                    round,
                    runs.label,
                    Long.parseLong(closed[0]),
                    Boolean.parseBoolean(closed[1]) ? "" : " (not every one ended within the close wait)");
        } catch (IOException | RuntimeException e) {
            failures.put(runs.label, e.getMessage());
            log("  FAILED %s: %s", runs.label, e.getMessage());
            worker.close();
        }
    }

    private void measure(int round, int bytes) throws IOException {
        MachineLoad load = MachineLoad.watch(worker.handle(), server.handle(), ProcessHandle.current());
        String[] answer = worker.call("run " + options.seconds() + " " + bytes);
        EchoSample sample = EchoSample.fromWorker(answer, load.othersCores());
        runs.samples.get(bytes).add(sample);
        log(
                "  round %d %s, %s messages: %,.0f messages/s, %.1f µs CPU per message, fewest per session %,d,"
                        + " others' CPU %.2f cores",
                round,
                runs.label,
                Format.bytes(bytes),
                sample.rate(),
                sample.cpuMicrosPerMessage(),
                sample.fewestPerSession(),
                sample.othersCores());
    }

    /** Waits until the echo server has no connection left (the last client's sessions are closed). */
    private void awaitIdleServer() throws IOException {
        long giveUp = System.nanoTime() + IDLE_WAIT_NANOS;
        long open;
        while ((open = Long.parseLong(server.call("connections")[0])) > 0) {
            if (System.nanoTime() > giveUp) {
                log(
                        "  the echo server still holds %,d connections; %s opens its sessions beside them",
                        open, runs.label);
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static void log(String format, Object... args) {
        WebSocketSection.log(format, args);
    }
}
