package dev.curlmulti.bench;

import dev.curlmulti.bench.clients.BenchClient;
import dev.curlmulti.bench.clients.Libraries;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The JVM that runs one client for {@link BenchMain}, so that each client has its own heap, JIT
 * and peak RSS, and can be pinned to a core with {@code taskset}. Reads one command per line on
 * stdin and answers one line on stdout ({@code ok ...} or {@code err message}):
 * <pre>
 * fetch URL REQUESTS CONCURRENCY HTTP2       -> ok ELAPSED_NS BYTES ALLOCATED_BYTES PEAK_RSS_KIB CPU_NS
 * warm URL SECONDS REQUESTS CONCURRENCY HTTP2 -> ok RUNS
 * hold URL TRANSFERS WINDOW_SECONDS           -> ok CPU_NS_PER_S RSS_BYTES_PER_TRANSFER HEAP_BYTES_PER_TRANSFER
 *                                                START_MS
 * info                                        -> ok JAVA_VERSION BINDING NAME (the rest of the line)
 * versions                                    -> ok LIBRARY=VERSION ... (the peers' libraries this JVM loads)
 * quit
 * </pre>
 * {@code CPU_NS} is the process's CPU time (user + system, every thread: the client's, GC, JIT)
 * over the timed fetch. {@code info} names the native binding our clients use in this JVM, which
 * depends on its Java version and flags, so the report takes it from here rather than guessing;
 * {@code versions} likewise names the Reactor Netty, Netty and Spring this worker's class path holds.
 * Usage: {@code Worker CLIENT CA_PEM}.
 */
public final class Worker {
    private Worker() {}

    public static void main(String[] args) throws Exception {
        PrintStream answers = answers();
        try (BenchClient client = BenchClient.create(args[0], Path.of(args[1]))) {
            serve(answers, command -> execute(client, command));
        }
        System.exit(0);
    }

    /** One worker command: its words in, its answer line out. */
    interface Commands {
        String execute(String[] command) throws Exception;
    }

    /** The real stdout, for answers; {@code System.out} goes to stderr, so what clients log stays out of them. */
    static PrintStream answers() {
        PrintStream answers =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        return answers;
    }

    /**
     * Says "ready", then answers each command line on stdin until "quit" or its end (the protocol {@link WorkerProcess}
     * speaks).
     */
    static void serve(PrintStream answers, Commands commands) throws java.io.IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        answers.println("ready");
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            try {
                answers.println(commands.execute(line.split(" ")));
            } catch (Throwable e) {
                e.printStackTrace();
                answers.println("err " + String.valueOf(e).replace('\n', ' '));
            }
        }
    }

    private static String execute(BenchClient client, String[] command) throws Exception {
        switch (command[0]) {
            case "fetch" -> {
                String url = command[1];
                int requests = Integer.parseInt(command[2]);
                int concurrency = Integer.parseInt(command[3]);
                boolean http2 = Boolean.parseBoolean(command[4]);
                System.gc();
                ProcessStats.resetPeakRss();
                Map<Long, Long> allocated = ProcessStats.allocatedByThread();
                long cpuStart = ProcessStats.processCpuNanos();
                long start = System.nanoTime();
                long bytes = client.fetch(url, requests, concurrency, http2);
                long elapsed = System.nanoTime() - start;
                long cpu = ProcessStats.processCpuNanos() - cpuStart;
                long allocatedBytes = ProcessStats.allocatedSince(allocated);
                client.afterFetch();
                return "ok " + elapsed + " " + bytes + " " + allocatedBytes + " " + ProcessStats.peakRssKib() + " "
                        + cpu;
            }
            case "warm" -> {
                String url = command[1];
                long until = System.nanoTime() + (long) (Double.parseDouble(command[2]) * 1e9);
                int requests = Integer.parseInt(command[3]);
                int concurrency = Integer.parseInt(command[4]);
                boolean http2 = Boolean.parseBoolean(command[5]);
                int runs = 0;
                do {
                    client.fetch(url, requests, concurrency, http2);
                    client.afterFetch();
                    runs++;
                } while (System.nanoTime() < until);
                return "ok " + runs;
            }
            case "hold" -> {
                String url = command[1];
                int transfers = Integer.parseInt(command[2]);
                double window = Double.parseDouble(command[3]);
                long heapBefore = ProcessStats.usedHeapAfterGc();
                long rssBefore = ProcessStats.rssKib();
                long start = System.nanoTime();
                client.hold(url, transfers);
                long startMillis = (System.nanoTime() - start) / 1_000_000;
                Thread.sleep(2_000); // let the start-up burst settle
                long cpuBefore = ProcessStats.processCpuNanos();
                long windowStart = System.nanoTime();
                Thread.sleep((long) (window * 1000));
                long cpu = ProcessStats.processCpuNanos() - cpuBefore;
                double seconds = (System.nanoTime() - windowStart) / 1e9;
                long rssPerTransfer = (ProcessStats.rssKib() - rssBefore) * 1024 / transfers;
                long heapPerTransfer = (ProcessStats.usedHeapAfterGc() - heapBefore) / transfers;
                client.releaseHeld();
                return "ok " + (long) (cpu / seconds) + " " + rssPerTransfer + " " + heapPerTransfer + " "
                        + startMillis;
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
            default -> throw new IllegalArgumentException("unknown command " + command[0]);
        }
    }
}
