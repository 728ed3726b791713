package dev.curlmulti.bench;

import dev.curlmulti.bench.clients.WebSocketEchoClient;

import java.io.PrintStream;
import java.util.concurrent.locks.LockSupport;

/**
 * The JVM that runs one WebSocket client for {@link WebSocketBench}, so that each client has its own
 * heap, JIT and CPU clock, and can be pinned to a core. Reads one command per line on stdin and
 * answers one line on stdout ({@code ok ...} or {@code err message}), like {@link Worker}:
 * <pre>
 * open URI SESSIONS MESSAGE_BYTES -> ok MILLIS (time to open every session)
 * run SECONDS                     -> ok ELAPSED_NS MESSAGES CPU_NS FEWEST_PER_SESSION
 * info                            -> ok JAVA_VERSION BINDING NAME (the rest of the line)
 * quit                            (closes the sessions, then exits)
 * </pre>
 * {@code run} lets every session echo for {@code SECONDS}: {@code MESSAGES} counts the echoes that
 * arrived in that window, {@code CPU_NS} is the process's CPU time (user + system, every thread)
 * over the same window; the echoes still in flight at its end are awaited outside it.
 * Usage: {@code WebSocketWorker CLIENT}.
 */
public final class WebSocketWorker {
    private WebSocketWorker() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream answers = Worker.answers();
        try (WebSocketEchoClient client = WebSocketEchoClient.create(args[0])) {
            Worker.serve(answers, command -> execute(client, command));
        }
        System.exit(0);
    }

    private static String execute(WebSocketEchoClient client, String[] command) throws Exception {
        switch (command[0]) {
            case "open" -> {
                long start = System.nanoTime();
                client.open(command[1], Integer.parseInt(command[2]), Integer.parseInt(command[3]));
                return "ok " + (System.nanoTime() - start) / 1_000_000;
            }
            case "run" -> {
                long window = (long) (Double.parseDouble(command[1]) * 1e9);
                System.gc();
                long cpuStart = ProcessStats.processCpuNanos();
                long start = System.nanoTime();
                long echoedBefore = client.echoed();
                client.start();
                long remaining;
                while ((remaining = window - (System.nanoTime() - start)) > 0) {
                    LockSupport.parkNanos(remaining);
                }
                long messages = client.echoed() - echoedBefore;
                long elapsed = System.nanoTime() - start;
                long cpu = ProcessStats.processCpuNanos() - cpuStart;
                long fewest = client.stop();
                return "ok " + elapsed + " " + messages + " " + cpu + " " + fewest;
            }
            case "info" -> {
                return "ok " + Runtime.version() + " " + dev.curlmulti.core.CurlVersion.current().binding();
            }
            default -> throw new IllegalArgumentException("unknown command " + command[0]);
        }
    }
}
