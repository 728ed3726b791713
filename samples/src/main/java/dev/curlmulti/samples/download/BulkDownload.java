package dev.curlmulti.samples.download;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import dev.curlmulti.reactor.DownloadBatch;
import dev.curlmulti.reactor.DownloadProgress;
import dev.curlmulti.reactor.DownloadRequest;
import dev.curlmulti.reactor.DownloadResult;
import dev.curlmulti.reactor.HttpVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Downloads many URLs at once with libcurl under Reactor: bounded concurrency, a live progress
 * bar, retries with backoff for transient errors, resume of partial files, and a summary table.
 * With no URLs it starts a built-in server on loopback and downloads its few hundred generated
 * files (some slow, some failing on purpose), checking every checksum.
 *
 * <pre>
 * bin/download                           # the built-in demo
 * bin/download -o out URL...             # your URLs
 * bin/download -i urls.txt -c 32         # URLs from a file ("-" reads standard input)
 * </pre>
 *
 * Exit code: 0 when every file arrived, 1 when any failed, 2 on bad arguments.
 */
@Command(
        name = "download",
        mixinStandardHelpOptions = true,
        description = "Bulk downloads on libcurl's multi interface. Without URLs: a demo against a built-in local"
                + " server.")
public final class BulkDownload implements Callable<Integer> {
    @Parameters(paramLabel = "URL", description = "URLs to download")
    List<String> urls = new ArrayList<>();

    @Option(
            names = {"-i", "--input"},
            description = "file with one URL per line (- for standard input)")
    String input;

    @Option(
            names = {"-o", "--output"},
            description = "directory for the files (default: ${DEFAULT-VALUE})")
    Path output = Path.of("downloads");

    @Option(
            names = {"-c", "--concurrency"},
            description = "transfers at once (default: ${DEFAULT-VALUE})")
    int concurrency = 16;

    @Option(
            names = {"-r", "--retries"},
            description = "retries of a transient failure (default: ${DEFAULT-VALUE})")
    int retries = 3;

    @Option(names = "--no-resume", description = "start partial files over instead of resuming them")
    boolean noResume;

    @Option(names = "--http1", description = "HTTP/1.1 only")
    boolean http1;

    @Option(
            names = {"-q", "--quiet"},
            description = "no progress bar")
    boolean quiet;

    PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BulkDownload()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        boolean demo = urls.isEmpty() && input == null;
        DemoServer server = demo ? new DemoServer() : null;
        try (CurlClient client = CurlClient.builder()
                .maxConnectionsPerHost(concurrency)
                .httpVersion(http1 ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_2_TLS)
                .connectTimeout(Duration.ofSeconds(15))
                .idleTimeout(Duration.ofSeconds(30))
                .followRedirects(5)
                .build()) {
            Map<String, Expected> manifest = demo ? readManifest(client, server.baseUrl()) : Map.of();
            List<String> targets = demo
                    ? server.catalogue().stream().map(f -> server.url(f.name())).toList()
                    : collectUrls();
            if (demo) {
                out.printf(
                        "Demo: %d files from a built-in server at %s (a few fail on purpose) into %s%n",
                        targets.size(), server.baseUrl(), output.toAbsolutePath());
            }
            Files.createDirectories(output);
            Plan plan = plan(targets, manifest);
            long expectedBytes = manifest.isEmpty()
                    ? -1
                    : plan.requests.stream()
                            .mapToLong(r -> manifest.get(
                                                    r.target().getFileName().toString())
                                            == null
                                    ? 0
                                    : manifest.get(r.target().getFileName().toString())
                                            .size())
                            .sum();
            DownloadBatch batch = client.batch(Flux.fromIterable(plan.requests), concurrency, retries);
            List<DownloadResult> results = run(batch, plan.requests.size(), expectedBytes);
            Summary summary = new Summary(results, plan.skipped, manifest);
            summary.print(out);
            return summary.allGood() ? 0 : 1;
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private List<DownloadResult> run(DownloadBatch batch, int files, long expectedBytes) {
        if (quiet || files == 0) {
            return batch.results().collectList().block();
        }
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("download")
                .setInitialMax(expectedBytes)
                .setStyle(ProgressBarStyle.ASCII)
                .setMaxRenderedLength(140)
                .setUnit(" MiB", 1 << 20)
                .showSpeed()
                .setUpdateIntervalMillis(200)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out))
                .build()) {
            Disposable updates = batch.progress(Duration.ofMillis(200)).subscribe(p -> show(bar, p, files));
            List<DownloadResult> results = batch.results().collectList().block();
            updates.dispose();
            return results;
        }
    }

    private static void show(ProgressBar bar, DownloadProgress progress, int files) {
        bar.stepTo(progress.bytes());
        String active = progress.activeFiles().isEmpty() ? "" : " | " + String.join(", ", progress.activeFiles());
        bar.setExtraMessage(String.format(
                " files %d/%d, failed %d, active %d%s",
                progress.filesDone(), files, progress.filesFailed(), progress.filesActive(), active));
    }

    private List<String> collectUrls() throws IOException {
        List<String> all = new ArrayList<>(urls);
        if (input != null) {
            BufferedReader reader = input.equals("-")
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(input));
            try (reader) {
                reader.lines()
                        .map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .forEach(all::add);
            }
        }
        return all;
    }

    /** What the demo server says a file should be. */
    record Expected(long size, String sha256) {}

    private static Map<String, Expected> readManifest(CurlClient client, String baseUrl) {
        String text = client.get(baseUrl + "/manifest.txt")
                .flatMap(CurlResponse::bodyAsString)
                .block(Duration.ofSeconds(60));
        Map<String, Expected> manifest = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 3) {
                manifest.put(parts[0], new Expected(Long.parseLong(parts[1]), parts[2]));
            }
        }
        return manifest;
    }

    /** The downloads to make, and the files already complete. */
    record Plan(List<DownloadRequest> requests, List<Path> skipped) {}

    private Plan plan(List<String> targets, Map<String, Expected> manifest) throws IOException {
        List<DownloadRequest> requests = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (String url : targets) {
            String name = fileName(url);
            int seen = names.merge(name, 1, Integer::sum);
            if (seen > 1) {
                name = seen + "-" + name;
            }
            Path target = output.resolve(name);
            Expected expected = manifest.get(name);
            if (Files.exists(target) && (expected == null || Files.size(target) == expected.size())) {
                // Complete from an earlier run: nothing to fetch again.
                skipped.add(target);
                continue;
            }
            requests.add(new DownloadRequest(dev.curlmulti.reactor.CurlRequest.get(url), target, !noResume, true));
        }
        return new Plan(requests, skipped);
    }

    static String fileName(String url) {
        String path = url.replaceFirst("[?#].*$", "");
        String name = path.substring(path.lastIndexOf('/') + 1);
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "index.html" : name;
    }

    /** The closing table. */
    static final class Summary {
        private final List<DownloadResult> results;
        private final List<Path> skipped;
        private final Map<String, Expected> manifest;

        Summary(List<DownloadResult> results, List<Path> skipped, Map<String, Expected> manifest) {
            this.results = results;
            this.skipped = skipped;
            this.manifest = manifest;
        }

        List<DownloadResult> failures() {
            return results.stream().filter(r -> !r.succeeded()).toList();
        }

        List<DownloadResult> checksumMismatches() {
            return results.stream()
                    .filter(DownloadResult::succeeded)
                    .filter(r -> {
                        Expected expected = manifest.get(r.path().getFileName().toString());
                        return expected != null && !expected.sha256().equals(r.sha256());
                    })
                    .toList();
        }

        boolean allGood() {
            return failures().isEmpty() && checksumMismatches().isEmpty();
        }

        void print(PrintStream out) {
            List<DownloadResult> ok =
                    results.stream().filter(DownloadResult::succeeded).toList();
            long bytes = ok.stream().mapToLong(r -> r.bytes() - r.resumedFrom()).sum();
            double seconds =
                    ok.stream().mapToLong(r -> r.timings().total()).max().orElse(0) / 1e6;
            out.println();
            out.println("Summary");
            out.printf("  %-28s %d%n", "downloaded", ok.size());
            out.printf("  %-28s %d%n", "already complete (skipped)", skipped.size());
            out.printf("  %-28s %d%n", "failed", failures().size());
            out.printf("  %-28s %.1f MiB%n", "bytes received", bytes / 1048576.0);
            out.printf(
                    "  %-28s %d%n",
                    "retried downloads",
                    results.stream().filter(r -> r.attempts() > 1).count());
            if (!manifest.isEmpty()) {
                out.printf(
                        "  %-28s %d of %d match%n",
                        "checksums (SHA-256)", ok.size() - checksumMismatches().size(), ok.size());
            }
            if (!failures().isEmpty()) {
                out.println();
                out.println("Failures");
                for (DownloadResult failure : failures()) {
                    out.printf(
                            "  %-24s %-8s %s%n",
                            failure.request().target().getFileName(),
                            "x" + failure.attempts(),
                            reason(failure.error()));
                }
            }
            for (DownloadResult mismatch : checksumMismatches()) {
                out.printf("  CHECKSUM MISMATCH %s%n", mismatch.path());
            }
            printSlowestPhases(out, ok);
        }

        private static String reason(Throwable error) {
            String text = error.getClass().getSimpleName() + ": " + error.getMessage();
            return text.length() > 100 ? text.substring(0, 100) + "..." : text;
        }

        /** Per host, the phase where transfers spent the most time on average, from libcurl's timings. */
        private static void printSlowestPhases(PrintStream out, List<DownloadResult> ok) {
            Map<String, double[]> phases = new LinkedHashMap<>();
            Map<String, Integer> counts = new HashMap<>();
            for (DownloadResult result : ok) {
                String host = dev.curlmulti.reactor.CurlRequest.get(
                                result.request().request().uri())
                        .uri()
                        .replaceFirst("^[a-z]+://", "")
                        .replaceFirst("/.*$", "");
                var t = result.timings();
                double[] sums = phases.computeIfAbsent(host, h -> new double[5]);
                sums[0] += t.nameLookup();
                sums[1] += Math.max(0, t.connect() - t.nameLookup());
                sums[2] += t.appConnect() > 0 ? Math.max(0, t.appConnect() - t.connect()) : 0;
                sums[3] += Math.max(0, t.startTransfer() - t.preTransfer());
                sums[4] += Math.max(0, t.total() - t.startTransfer());
                counts.merge(host, 1, Integer::sum);
            }
            if (phases.isEmpty()) {
                return;
            }
            String[] names = {"DNS", "connect", "TLS", "server wait", "body transfer"};
            out.println();
            out.println("Slowest phase per host (mean per file, from libcurl's timings)");
            phases.forEach((host, sums) -> {
                int worst = 0;
                for (int i = 1; i < sums.length; i++) {
                    if (sums[i] > sums[worst]) {
                        worst = i;
                    }
                }
                int n = counts.get(host);
                out.printf("  %-24s %-14s %8.2f ms   (files %d)%n", host, names[worst], sums[worst] / n / 1000.0, n);
            });
        }
    }
}
