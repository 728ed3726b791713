package dev.curlmulti.samples.download;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.DownloadBatch;
import dev.curlmulti.reactor.DownloadLimits;
import dev.curlmulti.reactor.DownloadProgress;
import dev.curlmulti.reactor.DownloadRequest;
import dev.curlmulti.reactor.DownloadResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Runs the planned downloads as one batch and takes each result as it arrives, on the calling
 * thread: the journal and the report get its line at once (so a kill loses only what was in
 * flight), and an interrupt cancels the transfers still running, which keep their part files for
 * the next run. One use per instance.
 */
final class BatchRun {
    private final CurlClient client;
    private final DownloadLimits limits;
    private final int retries;
    private final Journal journal;
    private final Report report;
    private final Interrupts interrupts;
    private final PrintStream progressTo;
    private double seconds;

    /** @param progressTo where the progress bar goes, or null for none */
    BatchRun(
            CurlClient client,
            DownloadLimits limits,
            int retries,
            Journal journal,
            Report report,
            Interrupts interrupts,
            PrintStream progressTo) {
        this.client = client;
        this.limits = limits;
        this.retries = retries;
        this.journal = journal;
        this.report = report;
        this.interrupts = interrupts;
        this.progressTo = progressTo;
    }

    /** From the first request to the last result, in seconds (0 when nothing was fetched). */
    double seconds() {
        return seconds;
    }

    /** The outcome of every item that finished: all of them unless interrupted. */
    List<Outcome> run(List<Planner.Item> items) {
        List<Outcome> outcomes = new ArrayList<>();
        Map<Path, Planner.Item> byTarget = new HashMap<>();
        List<DownloadRequest> downloads = new ArrayList<>();
        long expectedBytes = 0;
        for (Planner.Item item : items) {
            if (item.download() == null) {
                Outcome skipped = Outcome.skipped(item);
                report.write(skipped);
                outcomes.add(skipped);
            } else {
                byTarget.put(item.target(), item);
                downloads.add(item.download());
                long size = item.entry().size();
                expectedBytes = expectedBytes < 0 || size < 0 ? -1 : expectedBytes + size;
            }
        }
        if (downloads.isEmpty() || interrupts.fired()) {
            return outcomes;
        }
        DownloadBatch batch = client.batch(Flux.fromIterable(downloads), limits, DownloadBatch.policy(retries));
        Flux<DownloadResult> results = batch.results().takeUntilOther(interrupts.signal());
        long start = System.nanoTime();
        long last = start;
        try (ProgressBar bar = progressBar(expectedBytes)) {
            Disposable updates = bar == null
                    ? null
                    : batch.progress(Duration.ofMillis(200)).subscribe(p -> show(bar, p, downloads.size()));
            try {
                for (DownloadResult result : results.toIterable()) {
                    Outcome outcome = Outcome.of(byTarget.get(result.request().target()), result);
                    if (outcome.kind() == Outcome.Kind.DOWNLOADED) {
                        record(outcome);
                    }
                    report.write(outcome);
                    outcomes.add(outcome);
                    last = System.nanoTime();
                }
            } finally {
                if (updates != null) {
                    updates.dispose();
                }
            }
        }
        seconds = (last - start) / 1e9;
        return outcomes;
    }

    private void record(Outcome outcome) {
        Planner.Item item = outcome.item();
        DownloadResult result = outcome.result();
        try {
            var validators = result.validators();
            journal.append(new Journal.Record(
                    item.name(),
                    item.entry().url(),
                    Files.size(item.target()),
                    Files.getLastModifiedTime(item.target()).toMillis(),
                    result.sha256(),
                    validators == null ? null : validators.etag(),
                    validators == null ? null : validators.lastModified()));
        } catch (IOException e) {
            // The file went away under us: without a record the next run fetches it again.
        }
    }

    private ProgressBar progressBar(long expectedBytes) {
        if (progressTo == null) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName("download")
                .setInitialMax(expectedBytes)
                .setStyle(ProgressBarStyle.ASCII)
                .setMaxRenderedLength(140)
                .setUnit(" MiB", 1 << 20)
                .showSpeed()
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(progressTo))
                .build();
    }

    private static void show(ProgressBar bar, DownloadProgress progress, int files) {
        bar.stepTo(progress.bytes());
        String active = progress.activeFiles().isEmpty() ? "" : " | " + String.join(", ", progress.activeFiles());
        bar.setExtraMessage(String.format(
                " files %d/%d, failed %d, active %d%s",
                progress.filesDone(), files, progress.filesFailed(), progress.filesActive(), active));
    }
}
