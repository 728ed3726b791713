package dev.curlmulti.bench;

import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.testing.Caddy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Workload (e) over HTTP/3 ({@code bin/bench-http3}): 1 KiB GETs, 64 in flight, against Debian's
 * caddy on loopback over QUIC, ours ({@code curl-flux-h3}: {@code CurlClient} + body {@code Flux},
 * {@code HTTP_3_ONLY}), Reactor Netty's HTTP/3 client and the C program on the same libcurl (8.14.1
 * GnuTLS with ngtcp2), alternating within each round, on each JDK, unpinned and pinned (caddy on core 0, the client on core 1).
 * Prints a table per JDK and mode: medians with min-max of requests per second and CPU per request.
 *
 * <p>Usage (the script sets the library): {@code Http3Bench C_BINARY ROUNDS REQUESTS JDKS}; the bench
 * JVM runs with {@code -Ddev.curlmulti.libcurl=.../libcurl-gnutls.so.4} and {@code LD_LIBRARY_PATH},
 * which the workers and the C program inherit.
 */
public final class Http3Bench {
    private static final int CONCURRENCY = 64;

    private Http3Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path cBinary = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int requests = Integer.parseInt(args[2]);
        List<Jdk> jdks = args.length > 3 ? Jdks.parse(args[3], Jdks.JVM_ROOT) : Jdks.defaults(Jdks.JVM_ROOT);
        CurlVersion curl = CurlVersion.current();
        if (!curl.hasFeature("HTTP3")) {
            throw new IllegalStateException("the loaded libcurl has no HTTP/3: " + curl + " (bin/bench-http3 loads one)");
        }
        System.out.printf("## Workload (e) over HTTP/3, %s%n%nlibcurl %s (%s), caddy %s; %,d requests of 1 KiB per run,"
                        + " %d in flight, %d rounds, clients alternating.%n", java.time.LocalDate.now(), curl.version(),
                curl.sslVersion(), caddyVersion(), requests, CONCURRENCY, rounds);
        Path logs = Files.createTempDirectory("bench-http3");
        try (Caddy caddy = new Caddy(0, true)) {
            byte[] body = new byte[1024];
            Arrays.fill(body, (byte) 'x');
            Files.write(caddy.www().resolve("1k.bin"), body);
            String url = caddy.url("/1k.bin");
            for (Jdk jdk : jdks) {
                for (boolean pinned : new boolean[] {false, true}) {
                    pin(caddy, pinned);
                    List<String> prefix = pinned ? List.of("taskset", "-c", "1") : List.of();
                    section(jdk, pinned, prefix, caddy, url, cBinary, rounds, requests, logs);
                }
            }
        }
    }

    private static void section(Jdk jdk, boolean pinned, List<String> prefix, Caddy caddy, String url, Path cBinary,
                                int rounds, int requests, Path logs) throws Exception {
        List<String> clients = List.of("curl-flux-h3", "reactor-netty-h3");
        java.util.Map<String, List<Sample>> samples = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> failures = new java.util.LinkedHashMap<>();
        java.util.Map<String, WorkerProcess> workers = new java.util.LinkedHashMap<>();
        String binding = "?";
        try {
            for (String client : clients) {
                try {
                    WorkerProcess worker = new WorkerProcess(client, jdk, caddy.rootCertificate(), prefix,
                            logs.resolve(client + ".log"), null, 0);
                    workers.put(client, worker);
                    if (client.equals("curl-flux-h3")) {
                        binding = String.join(" ", worker.call("info"));
                    }
                    worker.call("warm " + url + " 8 " + requests / 4 + " " + CONCURRENCY + " false");
                    samples.put(client, new ArrayList<>());
                } catch (IOException e) {
                    failures.put(client, e.getMessage());
                }
            }
            samples.put("c (same libcurl)", new ArrayList<>());
            for (int round = 0; round < rounds; round++) {
                for (var entry : workers.entrySet()) {
                    if (failures.containsKey(entry.getKey())) {
                        continue;
                    }
                    try {
                        samples.get(entry.getKey()).add(Sample.fromWorker(entry.getValue().call(
                                "fetch " + url + " " + requests + " " + CONCURRENCY + " false")));
                    } catch (IOException e) {
                        failures.put(entry.getKey(), e.getMessage());
                    }
                }
                samples.get("c (same libcurl)").add(runC(cBinary, prefix, url, requests, caddy.rootCertificate()));
            }
        } finally {
            workers.values().forEach(WorkerProcess::close);
        }
        System.out.printf("%n### JDK %d, %s%n%nWorker: %s%n%n", jdk.feature(), pinned ? "pinned" : "unpinned", binding);
        System.out.println("| client | median req/s | min-max | CPU per request | CPU min-max |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        samples.forEach((client, list) -> {
            if (!failures.containsKey(client) && !list.isEmpty()) {
                row(client, list, requests);
            }
        });
        failures.forEach((client, why) -> System.out.println("| " + client + " | failed: " + why.replace('|', '/') + " | | | |"));
        List<Sample> ours = samples.get("curl-flux-h3");
        List<Sample> c = samples.get("c (same libcurl)");
        if (ours != null && !ours.isEmpty() && !failures.containsKey("curl-flux-h3")) {
            System.out.printf(Locale.ROOT, "%nOurs / C: throughput %.2fx, CPU per request %.2fx.", median(rates(ours, requests))
                    / median(rates(c, requests)), median(cpus(ours, requests)) / median(cpus(c, requests)));
            List<Sample> netty = samples.get("reactor-netty-h3");
            if (netty != null && !netty.isEmpty() && !failures.containsKey("reactor-netty-h3")) {
                System.out.printf(Locale.ROOT, " Ours / Reactor Netty: throughput %.2fx, CPU per request %.2fx.",
                        median(rates(ours, requests)) / median(rates(netty, requests)),
                        median(cpus(ours, requests)) / median(cpus(netty, requests)));
            }
            System.out.println();
        }
    }

    private static Sample runC(Path binary, List<String> prefix, String url, int requests, Path ca)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(binary.toString(), "-3", url, Integer.toString(requests), Integer.toString(CONCURRENCY),
                ca.toString()));
        return Sample.fromC(ExternalRunners.run(command));
    }

    private static void row(String name, List<Sample> samples, int requests) {
        double[] rates = rates(samples, requests);
        double[] cpus = cpus(samples, requests);
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f-%,.0f | %.1f µs | %.1f-%.1f |%n", name, median(rates),
                min(rates), max(rates), median(cpus), min(cpus), max(cpus));
    }

    private static double[] rates(List<Sample> samples, int requests) {
        return samples.stream().mapToDouble(s -> requests / (s.elapsedNanos() / 1e9)).toArray();
    }

    private static double[] cpus(List<Sample> samples, int requests) {
        return samples.stream().mapToDouble(s -> s.cpuNanos() / 1e3 / requests).toArray();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** Caddy on core 0 when pinned, on any core otherwise (all its threads). */
    private static void pin(Caddy caddy, boolean pinned) throws IOException, InterruptedException {
        ExternalRunners.run(List.of("taskset", "-a", "-pc", pinned ? "0" : "0-" + (Runtime.getRuntime().availableProcessors() - 1),
                Long.toString(caddy.pid())));
    }

    private static String caddyVersion() {
        try {
            return ExternalRunners.run(List.of("caddy", "version")).trim().split("\\s+")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
