package dev.curlmulti.bench;

import dev.curlmulti.core.CurlVersion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark against the peers ({@code bin/bench}, issue 7). For each mode (unpinned, then
 * server on core 0 and clients on core 1), it starts nginx, starts one JVM per Java client and warms
 * each up in-process, then runs every workload A B C A B C over the rounds so that drift hits all
 * clients alike, with the C program and wrk as ceilings. (f) runs each client in a fresh JVM.
 * Prints the report and writes it to {@code bench-results/}.
 *
 * <pre>
 * bin/bench [--rounds=3] [--scale=1.0] [--warmup=10] [--workloads=a,b,c,d,e,f]
 *           [--clients=curl-flux,curl-file,curl-multi,reactor-netty,jdk,jetty,c,c-file,wrk]
 *           [--modes=unpinned,pinned] [--wrk-seconds=5] [--hold-seconds=10] [--jfr=false]
 *           [--receive-buffer=0 (bytes; CURLOPT_BUFFERSIZE for ours and the C program, 0 = libcurl's 16 KiB)]
 *           [--c-binary=multi-bench/target/curl_multi_bench] [--out=bench-results]
 * </pre>
 */
public final class BenchMain {
    private static final List<String> ALL_CLIENTS =
            List.of("curl-flux", "curl-file", "curl-multi", "reactor-netty", "jdk", "jetty", "c", "c-file", "wrk");
    private static final List<String> EXTERNAL = List.of("c", "c-file", "wrk");
    private static final List<String> HOLD_CLIENTS =
            List.of("curl-flux-socket", "curl-flux-poll", "reactor-netty", "jdk", "jetty");

    private final Map<String, String> options;
    private final int rounds;
    private final double scale;
    private final double warmupSeconds;
    private final int wrkSeconds;
    private final List<Workload> workloads;
    private final List<String> clients;
    private final List<String> modes;
    private final Path cBinary;
    /** CURLOPT_BUFFERSIZE for our clients and the C program alike; 0 = libcurl's default (16 KiB). */
    private final int receiveBuffer;
    private final Path logs;
    private final Results results = new Results();

    private BenchMain(Map<String, String> options) throws IOException {
        this.options = options;
        rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        scale = Double.parseDouble(options.getOrDefault("scale", "1.0"));
        warmupSeconds = Double.parseDouble(options.getOrDefault("warmup", "10"));
        wrkSeconds = Integer.parseInt(options.getOrDefault("wrk-seconds", "5"));
        workloads = Arrays.stream(options.getOrDefault("workloads", "a,b,c,d,e,f").split(","))
                .map(letter -> Workload.valueOf(letter.trim().toUpperCase(Locale.ROOT))).toList();
        clients = List.of(options.getOrDefault("clients", String.join(",", ALL_CLIENTS)).split(","));
        List<String> defaultModes = Runtime.getRuntime().availableProcessors() >= 2
                ? List.of("unpinned", "pinned") : List.of("unpinned");
        modes = List.of(options.getOrDefault("modes", String.join(",", defaultModes)).split(","));
        receiveBuffer = Integer.parseInt(options.getOrDefault("receive-buffer", "0"));
        cBinary = Path.of(options.getOrDefault("c-binary", "multi-bench/target/curl_multi_bench"));
        logs = Files.createDirectories(Path.of(options.getOrDefault("logs", "multi-bench/target/bench-logs")));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options look like --name=value, got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        new BenchMain(options).run();
    }

    private void run() throws Exception {
        String header = header();
        System.out.println(header);
        for (String mode : modes) {
            boolean pinned = mode.equals("pinned");
            List<String> serverPrefix = pinned ? List.of("taskset", "-c", "0") : List.of();
            List<String> clientPrefix = pinned ? List.of("taskset", "-c", "1") : List.of();
            try (BenchServer server = new BenchServer(serverPrefix, workloads.contains(Workload.C))) {
                runThroughputWorkloads(mode, server, clientPrefix);
                if (workloads.contains(Workload.F)) {
                    runHolds(mode, server, clientPrefix);
                }
            }
        }
        String report = header + results.render(modes, workloads);
        Path directory = Files.createDirectories(Path.of(options.getOrDefault("out", "bench-results")));
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
        Files.writeString(directory.resolve("bench-" + stamp + ".md"), report);
        Files.writeString(directory.resolve("latest.md"), report);
        System.out.println(results.render(modes, workloads));
        System.out.println("written to " + directory.resolve("bench-" + stamp + ".md"));
    }

    private void runThroughputWorkloads(String mode, BenchServer server, List<String> clientPrefix) throws Exception {
        List<Workload> throughput = workloads.stream().filter(w -> w != Workload.F).toList();
        if (throughput.isEmpty()) {
            return;
        }
        Map<String, WorkerProcess> workers = new LinkedHashMap<>();
        try {
            for (String client : clients) {
                if (!EXTERNAL.contains(client)) {
                    workers.put(client, new WorkerProcess(client, server.caPem(), clientPrefix,
                            logs.resolve(client + ".log"), recording(client + "-" + mode), receiveBuffer));
                }
            }
            // In-process warm-up: the Java clients need about 10 s here to reach steady speed.
            for (WorkerProcess worker : workers.values()) {
                Workload shape = worker.client.equals("curl-file") ? Workload.D : Workload.A;
                log("%s: warming up %s for %.0f s", mode, worker.client, warmupSeconds);
                call(mode, shape, worker, "warm %s %s %d %d %s".formatted(server.url(shape), warmupSeconds,
                        Math.max(1, shape.requests(scale) / 10), shape.concurrency(scale), shape.http2));
            }
            for (Workload workload : throughput) {
                String url = server.url(workload);
                int requests = workload.requests(scale);
                int concurrency = workload.concurrency(scale);
                List<String> order = clients.stream().filter(c -> applies(c, workload)).toList();
                for (String client : order) {
                    WorkerProcess worker = workers.get(client);
                    if (worker != null) {
                        call(mode, workload, worker, "warm %s %s %d %d %s".formatted(url, warmupSeconds / 3,
                                Math.max(1, requests / 10), concurrency, workload.http2));
                    }
                }
                for (int round = 1; round <= rounds; round++) {
                    for (String client : order) {
                        log("%s %s round %d/%d: %s", mode, workload.title, round, rounds, client);
                        measure(mode, workload, client, workers.get(client), server, clientPrefix, url, requests, concurrency);
                    }
                }
            }
        } finally {
            workers.values().forEach(WorkerProcess::close);
        }
    }

    private static boolean applies(String client, Workload workload) {
        return switch (client) {
            case "curl-file", "c-file" -> workload == Workload.C || workload == Workload.D;
            case "wrk" -> !workload.http2 && workload != Workload.F;
            default -> workload != Workload.F;
        };
    }

    private void measure(String mode, Workload workload, String client, WorkerProcess worker, BenchServer server,
                         List<String> prefix, String url, int requests, int concurrency) {
        try {
            if (client.equals("c") || client.equals("c-file")) {
                if (!Files.isExecutable(cBinary)) {
                    throw new IOException("C program not built at " + cBinary + " (bin/bench builds it)");
                }
                // c-file writes where curl-file does: a fresh directory in the temporary file system.
                Path out = client.equals("c-file") ? Files.createTempDirectory("curl-multi-bench-c-files") : null;
                long[] r;
                try {
                    r = ExternalRunners.runC(cBinary, prefix, url, requests, concurrency, server.caPem(), workload.http2, out,
                            receiveBuffer);
                } finally {
                    if (out != null) {
                        // The C program removes its files; a failed run may leave .part files behind.
                        try (var files = Files.walk(out)) {
                            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                        }
                    }
                }
                checkBytes(workload, client, r[1], requests);
                results.add(new Results.Run(mode, workload, client, rate(workload, requests, r[0], r[1]), r[2], -1));
            } else if (client.equals("wrk")) {
                double[] r = ExternalRunners.runWrk(prefix, url, concurrency, wrkSeconds);
                results.add(new Results.Run(mode, workload, client, workload.measuresBytes() ? r[1] : r[0], -1, -1));
            } else {
                String[] r = worker.call("fetch %s %d %d %s".formatted(url, requests, concurrency, workload.http2));
                long elapsed = Long.parseLong(r[0]);
                long bytes = Long.parseLong(r[1]);
                checkBytes(workload, client, bytes, requests);
                results.add(new Results.Run(mode, workload, client, rate(workload, requests, elapsed, bytes),
                        Long.parseLong(r[3]), Long.parseLong(r[2]) / (double) requests));
            }
        } catch (Exception e) {
            results.failed(mode + " " + workload.letter() + " " + client + ": " + e.getMessage());
            log("  FAILED: %s", e.getMessage());
        }
    }

    /** A client that returns early or short must not look fast. */
    private static void checkBytes(Workload workload, String client, long bytes, int requests) {
        long expected = switch (workload) {
            case C -> 1L << 30;
            case D -> (long) requests << 20;
            default -> 1024L * requests;
        };
        if (bytes != expected) {
            throw new IllegalStateException(client + " received " + bytes + " body bytes, expected " + expected);
        }
    }

    private static double rate(Workload workload, int requests, long elapsedNanos, long bytes) {
        double seconds = elapsedNanos / 1e9;
        return workload.measuresBytes() ? bytes / seconds : requests / seconds;
    }

    private void runHolds(String mode, BenchServer server, List<String> clientPrefix) {
        int transfers = Workload.F.requests(scale);
        double window = Double.parseDouble(options.getOrDefault("hold-seconds", "10"));
        for (String client : HOLD_CLIENTS) {
            boolean wanted = clients.contains(client)
                    || (client.startsWith("curl-flux") && clients.contains("curl-flux"));
            if (!wanted) {
                continue;
            }
            log("%s %s: %s", mode, Workload.F.title, client);
            try (WorkerProcess worker = new WorkerProcess(client, server.caPem(), clientPrefix,
                    logs.resolve(client + "-hold.log"), recording(client + "-hold-" + mode), receiveBuffer)) {
                String[] r = worker.call("hold %s %d %s".formatted(server.url(Workload.F), transfers, window));
                results.add(new Results.Hold(mode, client, Long.parseLong(r[0]) / 1e6, Long.parseLong(r[1]),
                        Long.parseLong(r[2]), Long.parseLong(r[3])));
            } catch (Exception e) {
                results.failed(mode + " f " + client + ": " + e.getMessage());
                log("  FAILED: %s", e.getMessage());
            }
        }
    }

    /** With {@code --jfr=true}, each worker JVM records a profile next to its log. */
    private Path recording(String name) {
        return Boolean.parseBoolean(options.getOrDefault("jfr", "false")) ? logs.resolve(name + ".jfr").toAbsolutePath() : null;
    }

    private void call(String mode, Workload workload, WorkerProcess worker, String command) {
        try {
            worker.call(command);
        } catch (IOException e) {
            results.failed(mode + " " + workload.letter() + " warm-up " + worker.client + ": " + e.getMessage());
            log("  FAILED: %s", e.getMessage());
        }
    }

    private String header() throws IOException, InterruptedException {
        CurlVersion curl = CurlVersion.current();
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        return """
                ## Benchmark %s

                Machine: %d cores (%s), %s %s; JVM %s %s, worker flags %s.
                Versions: libcurl %s (%s), nginx %s, Reactor Netty %s, Jetty %s, JDK HttpClient %s, wrk %s.
                Run: %d rounds per workload (clients alternate within each round), scale %.2f, warm-up %.0f s per JVM
                plus %.1f s per workload, wrk %d s per run; nginx 1 worker. Pinned: nginx on core 0, clients on core 1.
                libcurl receive buffer (ours and the C program): %s.
                """.formatted(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE),
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                String.join(" ", WorkerProcess.JVM_FLAGS),
                curl.version(), curl.sslVersion(), firstLine("nginx", "-v"), jarVersion(reactor.netty.http.client.HttpClient.class),
                jarVersion(org.eclipse.jetty.client.HttpClient.class), System.getProperty("java.version"), firstLine("wrk", "-v"),
                rounds, scale, warmupSeconds, warmupSeconds / 3, wrkSeconds,
                receiveBuffer > 0 ? receiveBuffer / 1024 + " KiB" : "libcurl's default, 16 KiB");
    }

    private static String jarVersion(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        String jar = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        return jar.replaceAll(".*/[a-z-]+-([0-9][^/]*)\\.jar$", "$1");
    }

    private static String firstLine(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            String line = output.lines().findFirst().orElse("?");
            return line.replaceAll("^nginx version: nginx/", "").replaceAll("^wrk ([^ ]+).*", "$1");
        } catch (IOException e) {
            return "not installed";
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }
}
