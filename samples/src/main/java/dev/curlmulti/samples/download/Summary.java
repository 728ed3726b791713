package dev.curlmulti.samples.download;

import dev.curlmulti.core.loop.TransferTimings;
import dev.curlmulti.reactor.DownloadResult;
import dev.curlmulti.reactor.DownloadVerificationException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The closing table for people: counts, bytes, checksums, the batch's time, the failures, and per
 * host the phase where transfers spent most time. Built once the outcomes are in; not thread-safe.
 */
final class Summary {
    private final List<Outcome> outcomes;
    private final double batchSeconds;

    /**
     * @param outcomes     every outcome of the run (skipped ones included)
     * @param batchSeconds from the first request to the last result
     */
    Summary(List<Outcome> outcomes, double batchSeconds) {
        this.outcomes = outcomes;
        this.batchSeconds = batchSeconds;
    }

    private long count(Outcome.Kind kind) {
        return outcomes.stream().filter(o -> o.kind() == kind).count();
    }

    List<Outcome> failures() {
        return outcomes.stream().filter(o -> !o.complete()).toList();
    }

    void print(PrintStream out) {
        List<DownloadResult> ok = outcomes.stream()
                .filter(o -> o.kind() == Outcome.Kind.DOWNLOADED)
                .map(Outcome::result)
                .toList();
        long bytes = outcomes.stream()
                .filter(o -> o.result() != null && o.result().succeeded())
                .mapToLong(o -> o.result().bytes() - o.result().resumedFrom())
                .sum();
        long notModified = count(Outcome.Kind.NOT_MODIFIED);
        out.println();
        out.println("Summary");
        out.printf("  %-28s %d%n", "downloaded", ok.size());
        out.printf("  %-28s %d%n", "already complete (skipped)", count(Outcome.Kind.SKIPPED) + notModified);
        if (notModified > 0) {
            out.printf("  %-28s %d%n", "of which not modified (304)", notModified);
        }
        out.printf("  %-28s %d%n", "failed", failures().size());
        out.printf("  %-28s %.1f MiB%n", "bytes received", bytes / 1048576.0);
        out.printf(
                "  %-28s %d%n",
                "retried downloads",
                outcomes.stream()
                        .filter(o -> o.result() != null && o.result().attempts() > 1)
                        .count());
        long checked = outcomes.stream()
                .filter(o -> o.item().entry().sha256() != null && o.result() != null)
                .filter(o -> o.kind() != Outcome.Kind.NOT_MODIFIED)
                .filter(o -> o.complete() || o.error() instanceof DownloadVerificationException)
                .count();
        if (checked > 0) {
            long mismatched = outcomes.stream()
                    .filter(o -> o.error() instanceof DownloadVerificationException)
                    .count();
            out.printf("  %-28s %d of %d match%n", "checksums (SHA-256)", checked - mismatched, checked);
        }
        out.printf(java.util.Locale.ROOT, "  %-28s %.3f s%n", "batch time", batchSeconds);
        if (!failures().isEmpty()) {
            out.println();
            out.println("Failures");
            for (Outcome failure : failures()) {
                out.printf(
                        "  %-24s %-8s %s%n",
                        failure.item().name(),
                        "x" + (failure.result() == null ? 0 : failure.result().attempts()),
                        reason(failure.error(), 100));
            }
        }
        printSlowestPhases(out, ok);
    }

    /** The error's type and message, cut to {@code max} characters. */
    static String reason(Throwable error, int max) {
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        return text.length() > max ? text.substring(0, max) + "..." : text;
    }

    /** Per host, the phase where transfers spent the most time on average, from libcurl's timings. */
    private static void printSlowestPhases(PrintStream out, List<DownloadResult> ok) {
        Map<String, double[]> phases = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (DownloadResult result : ok) {
            String host = result.request()
                    .request()
                    .uri()
                    .replaceFirst("^[a-z]+://", "")
                    .replaceFirst("[/?#].*$", "");
            TransferTimings t = result.timings();
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
