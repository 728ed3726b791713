package dev.curlmulti.bench;

import dev.curlmulti.bench.clients.Libraries;
import dev.curlmulti.bench.clients.WebSocketEchoClient;
import dev.curlmulti.bench.clients.WebSocketEchoClients;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The JVM that runs one WebSocket client for {@link WebSocketBench}, so that each client has its own
 * heap, JIT and CPU clock, and can be pinned to a core. Reads one command per line on stdin and
 * answers one line on stdout ({@code ok ...} or {@code err message}), like {@link Worker}:
 * <pre>
 * open URI SESSIONS -> ok MILLIS RSS_BEFORE_KIB RSS_AFTER_KIB OPEN_FILES
 * run SECONDS BYTES -> ok ELAPSED_NS MESSAGES CPU_NS FEWEST_PER_SESSION
 * close             -> ok MILLIS ALL_ENDED
 * info              -> ok JAVA_VERSION BINDING NAME (the rest of the line)
 * versions          -> ok LIBRARY=VERSION ... (the peers' libraries this JVM loads)
 * limits            -> ok SOFT HARD (its open-file limit; unlimited is Long.MAX_VALUE)
 * quit              (closes the sessions, then exits)
 * </pre>
 * {@code open} opens the sessions and times that alone; around it the JVM collects its garbage and
 * reads its resident set ({@code VmRSS}), so that the difference is what the open sessions hold. The
 * first {@code open} of a worker first opens and closes {@value #PRIMER} sessions, so that class loading
 * and each client's one-time set-up do not count as the sessions' memory. {@code OPEN_FILES} counts the
 * process's descriptors with the sessions open. {@code run} lets every session echo text messages of
 * {@code BYTES} for {@code SECONDS}: {@code MESSAGES} counts the echoes that arrived in that window,
 * {@code CPU_NS} is the process's CPU time (user + system, every thread) over the same window; the
 * echoes still in flight at its end are awaited outside it. {@code close} ends every session with the
 * close handshake. Usage: {@code WebSocketWorker CLIENT}.
 */
public final class WebSocketWorker {
    /** Sessions the first {@code open} opens and closes before it measures. */
    static final int PRIMER = 16;

    private static boolean primed;

    private WebSocketWorker() {}

    public static void main(String[] args) throws Exception {
        PrintStream answers = Worker.answers();
        try (WebSocketEchoClient client = WebSocketEchoClients.create(args[0])) {
            Worker.serve(answers, command -> execute(client, command));
        }
        System.exit(0);
    }

    private static String execute(WebSocketEchoClient client, String[] command) throws Exception {
        switch (command[0]) {
            case "open" -> {
                return open(client, command[1], Integer.parseInt(command[2]));
            }
            case "run" -> {
                return run(client, Double.parseDouble(command[1]), Integer.parseInt(command[2]));
            }
            case "close" -> {
                long start = System.nanoTime();
                boolean ended = client.closeSessions();
                return "ok " + (System.nanoTime() - start) / 1_000_000 + " " + ended;
            }
            case "info" -> {
                return "ok " + Runtime.version() + " "
                        + dev.curlmulti.core.CurlVersion.current().binding();
            }
            case "versions" -> {
                StringBuilder answer = new StringBuilder("ok");
                Libraries.loaded()
                        .forEach((library, version) ->
                                answer.append(' ').append(library).append('=').append(version));
                return answer.toString();
            }
            case "limits" -> {
                OpenFiles limits = OpenFiles.current();
                return "ok " + limits.soft() + " " + limits.hard();
            }
            default -> throw new IllegalArgumentException("unknown command " + command[0]);
        }
    }

    private static String open(WebSocketEchoClient client, String uri, int sessions) throws IOException {
        if (!primed) {
            client.open(uri, PRIMER);
            client.closeSessions();
            primed = true;
        }
        System.gc();
        long rssBefore = ProcessStats.rssKib();
        long start = System.nanoTime();
        client.open(uri, sessions);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.gc();
        long rssAfter = ProcessStats.rssKib();
        return "ok " + millis + " " + rssBefore + " " + rssAfter + " " + openFiles();
    }

    private static String run(WebSocketEchoClient client, double seconds, int messageBytes) throws Exception {
        long window = (long) (seconds * 1e9);
        System.gc();
        long cpuStart = ProcessStats.processCpuNanos();
        long start = System.nanoTime();
        long echoedBefore = client.echoed();
        client.start(messageBytes);
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

    /** The descriptors this process has open now. */
    static long openFiles() throws IOException {
        try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
    }
}
