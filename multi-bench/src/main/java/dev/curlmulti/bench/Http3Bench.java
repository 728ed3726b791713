package dev.curlmulti.bench;

import dev.curlmulti.core.testing.Caddy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Workload (e) over HTTP/3 ({@code bin/bench-http3}): 1 KiB GETs, 64 in flight, against Debian's
 * caddy on loopback over QUIC, ours ({@code curl-flux-h3}: {@code CurlClient} + body {@code Flux},
 * {@code HTTP_3_ONLY}) and the C program, each on every libcurl of {@code --libcurls}, with Reactor
 * Netty's HTTP/3 client once, alternating within each round, on each JDK, unpinned and pinned (caddy
 * on core 0, the client on core 1). Prints a table per JDK and mode: medians with min-max of requests
 * per second and CPU per request, and ours against the C program on the same libcurl.
 *
 * <p>Usage: {@code Http3Bench [--rounds=5] [--requests=20000] [--jdks=17,25]
 * [--libcurls=NAME:FILE:LIBRARY_PATH:C_BINARY,...] [--c-binary=multi-bench/target/curl_multi_bench_h3]};
 * the script writes {@code --libcurls} from names ({@code 8.14}: 8.14.1's GnuTLS flavour with ngtcp2,
 * {@code bundled}: OpenSSL with ngtcp2). Without it, ours and the C program ({@code --c-binary}) run on
 * the bench JVM's own libcurl. Each libcurl must have HTTP/3.
 */
public final class Http3Bench {
    private static final int CONCURRENCY = 64;

    private final int rounds;
    private final int requests;
    private final List<Libcurl> libcurls;
    private final Path logs;

    private Http3Bench(int rounds, int requests, List<Libcurl> libcurls, Path logs) {
        this.rounds = rounds;
        this.requests = requests;
        this.libcurls = libcurls;
        this.logs = logs;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options look like --name=value, got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "20000"));
        List<Jdk> jdks = options.containsKey("jdks")
                ? Jdks.parse(options.get("jdks"), Jdks.JVM_ROOT)
                : Jdks.defaults(Jdks.JVM_ROOT);
        List<Libcurl> libcurls = Libcurl.parse(
                options.get("libcurls"),
                Path.of(options.getOrDefault("c-binary", "multi-bench/target/curl_multi_bench_h3")));
        for (Libcurl libcurl : libcurls) {
            if (!libcurl.curl().hasFeature("HTTP3")) {
                throw new IllegalStateException("libcurl " + libcurl.describe() + " has no HTTP/3 (features "
                        + libcurl.curl().features() + "); bin/bench-http3 --libcurls=8.14,bundled loads ones that do");
            }
        }
        System.out.printf(
                "## Workload (e) over HTTP/3, %s%n%n%s%ncaddy %s; %,d requests of 1 KiB per run,"
                        + " %d in flight, %d rounds, clients alternating.%n",
                java.time.LocalDate.now(), Http3Report.header(libcurls), caddyVersion(), requests, CONCURRENCY, rounds);
        Http3Bench bench = new Http3Bench(rounds, requests, libcurls, Files.createTempDirectory("bench-http3"));
        try (Caddy caddy = new Caddy(0, true)) {
            byte[] body = new byte[1024];
            Arrays.fill(body, (byte) 'x');
            Files.write(caddy.www().resolve("1k.bin"), body);
            for (Jdk jdk : jdks) {
                for (boolean pinned : new boolean[] {false, true}) {
                    pin(caddy, pinned);
                    bench.section(jdk, pinned, caddy);
                }
            }
        }
    }

    private void section(Jdk jdk, boolean pinned, Caddy caddy) throws Exception {
        List<String> prefix = pinned ? List.of("taskset", "-c", "1") : List.of();
        String url = caddy.url("/1k.bin");
        List<Contender> contenders = Contender.of(List.of("curl-flux-h3", "reactor-netty-h3", "c"), libcurls);
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Map<Contender, WorkerProcess> workers = new LinkedHashMap<>();
        String binding = "?";
        try {
            for (Contender contender : contenders) {
                samples.put(contender.label(), new ArrayList<>());
                if (contender.client().equals("c")) {
                    continue;
                }
                try {
                    WorkerProcess worker = new WorkerProcess(
                            contender,
                            jdk,
                            caddy.rootCertificate(),
                            prefix,
                            logs.resolve(contender.fileName() + ".log"),
                            null,
                            0);
                    workers.put(contender, worker);
                    if (contender.client().equals("curl-flux-h3") && binding.equals("?")) {
                        binding = String.join(" ", worker.call("info"));
                    }
                    worker.call("warm " + url + " 8 " + requests / 4 + " " + CONCURRENCY + " false");
                } catch (IOException e) {
                    failures.put(contender.label(), e.getMessage());
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (Contender contender : contenders) {
                    if (!failures.containsKey(contender.label())) {
                        measure(contender, workers.get(contender), prefix, url, caddy, samples, failures);
                    }
                }
            }
        } finally {
            workers.values().forEach(WorkerProcess::close);
        }
        System.out.print(new Http3Report(requests, samples, failures)
                .section("JDK " + jdk.feature() + ", " + (pinned ? "pinned" : "unpinned"), binding, libcurls));
    }

    private void measure(
            Contender contender,
            WorkerProcess worker,
            List<String> prefix,
            String url,
            Caddy caddy,
            Map<String, List<Sample>> samples,
            Map<String, String> failures)
            throws InterruptedException {
        try {
            Sample sample = worker == null
                    ? runC(contender.libcurl(), prefix, url, requests, caddy.rootCertificate())
                    : Sample.fromWorker(worker.call("fetch " + url + " " + requests + " " + CONCURRENCY + " false"));
            samples.get(contender.label()).add(sample);
        } catch (IOException | RuntimeException e) {
            failures.put(contender.label(), e.getMessage());
        }
    }

    private static Sample runC(Libcurl libcurl, List<String> prefix, String url, int requests, Path ca)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                libcurl.cBinary().toString(),
                "-3",
                url,
                Integer.toString(requests),
                Integer.toString(CONCURRENCY),
                ca.toString()));
        return Sample.fromC(ExternalRunners.run(libcurl.environment(new ProcessBuilder(command))));
    }

    /** Caddy on core 0 when pinned, on any core otherwise (all its threads). */
    private static void pin(Caddy caddy, boolean pinned) throws IOException, InterruptedException {
        ExternalRunners.run(List.of(
                "taskset",
                "-a",
                "-pc",
                pinned ? "0" : "0-" + (Runtime.getRuntime().availableProcessors() - 1),
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
