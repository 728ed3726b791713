package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.loop.TransferResult;
import dev.curlmulti.core.loop.TransferTimings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import reactor.core.publisher.MonoSink;

/**
 * One attempt at a segmented download: the parts' transfers, the part file they share, the
 * progress record, and the end. The first failing part stops the others; the attempt ends once
 * every part has ended, so no part is left writing. A part that finds another version of the file
 * ends the attempt with {@link FileDownload.StartOver}: the part file and record are deleted and the
 * client starts over once. Other failures keep both (when resuming) for the next attempt.
 *
 * <p><b>Threading:</b> parts report on their loop thread, the subscriber cancels from any thread;
 * the state is guarded by this object's lock, and the subscriber is signalled outside it. The
 * whole file is verified on a blocking-friendly thread ({@link SegmentCompletion}), never the loop.
 */
final class SegmentedDownload {
    private final DownloadRequest download;
    private final MonoSink<DownloadResult> sink;
    private final DownloadMeter meter;
    private final SegmentStarter starter;
    private final SegmentProgress progress;

    private SegmentPlan plan;
    private FileChannel channel;
    private CurlRequest partRequest;
    private final List<Transfer> transfers = new ArrayList<>();
    private int active;
    private boolean stopped;
    private Throwable failure;
    private long resumedFrom;
    private TransferTimings timings = TransferTimings.NONE;

    SegmentedDownload(
            DownloadRequest download, MonoSink<DownloadResult> sink, DownloadMeter meter, SegmentStarter starter) {
        this.download = download;
        this.sink = sink;
        this.meter = meter;
        this.starter = starter;
        this.progress = new SegmentProgress(download);
    }

    CurlRequest request() {
        return download.request();
    }

    DownloadRequest download() {
        return download;
    }

    /** The sink as the single-stream handler gets it, when the file stays one stream. */
    MonoSink<DownloadResult> oneStreamSink() {
        return new SegmentFallbackSink(sink);
    }

    /** The first request failed before its head: nothing was planned or written. */
    void failedBeforeHead(Throwable error) {
        sink.error(unwrap(error));
    }

    /** The file is empty: nothing was split; an empty file is verified and renamed like any other. */
    void emptyFile(TransferResult result) {
        completion().emptyFile(result.timings());
    }

    private SegmentCompletion completion() {
        return new SegmentCompletion(download, progress.part(), progress.record(), sink);
    }

    synchronized SegmentPlan plan() {
        return plan;
    }

    boolean wantsTimings() {
        return starter.timings();
    }

    /** Cancels every part (the subscriber cancelled); the record is kept for a resume. */
    void cancel() {
        fail(new CancellationException("the download was cancelled"));
    }

    /** Keeps {@code transfer} to cancel with the others; cancels it at once when the download already stopped. */
    synchronized void track(Transfer transfer) {
        transfers.add(transfer);
        if (stopped) {
            transfer.cancel();
        }
    }

    /**
     * Continues the parts of a recorded plan (caller's thread): each unfinished part asks for its
     * rest with {@code If-Range}, so a changed file starts over.
     */
    void resume(SegmentPlan recorded) {
        try {
            FileChannel opened = FileChannel.open(progress.part(), StandardOpenOption.WRITE);
            if (opened.size() > recorded.length()) {
                opened.truncate(recorded.length());
            }
            resumedFrom = recorded.written();
            launch(begin(recorded, opened));
        } catch (IOException e) {
            sink.error(e);
        }
    }

    /**
     * The first connection's head: the parts this file splits into, the rest launched on the loop
     * (after this callback, which must not call libcurl). Null when the file stays one stream.
     */
    SegmentPart split(Transfer first, TransferHead head) {
        SegmentPlan split = SegmentPlan.fromFirstAnswer(
                head, download.segments(), download.minSegmentBytes(), starter.sizeLimit(download.request()));
        if (split == null) {
            return null;
        }
        List<SegmentPlan.Part> rest;
        try {
            Files.createDirectories(download.target().toAbsolutePath().getParent());
            FileChannel opened = FileChannel.open(
                    progress.part(),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            rest = begin(split, opened);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rest.remove(0);
        try {
            starter.loopOf(download.request()).execute(() -> launch(rest));
        } catch (IllegalStateException closed) {
            rest.forEach(each -> partEnded(null, closed));
        }
        return new SegmentPart(this, split.parts().get(0), channel, meter, first, true);
    }

    /** Installs the plan and its channel; returns the parts still to fetch, all counted active. */
    private List<SegmentPlan.Part> begin(SegmentPlan planned, FileChannel opened) {
        List<SegmentPlan.Part> unfinished = new ArrayList<>();
        for (SegmentPlan.Part each : planned.parts()) {
            if (!each.complete()) {
                unfinished.add(each);
            }
        }
        synchronized (this) {
            plan = planned;
            channel = opened;
            active = unfinished.size();
            partRequest = download.request()
                    .newBuilder()
                    .header("If-Range", SegmentHeads.ifRange(planned.validators()))
                    .build();
        }
        progress.started(planned);
        return unfinished;
    }

    /** Starts a transfer for each part; with none left, the download ends here. */
    private void launch(List<SegmentPlan.Part> parts) {
        if (parts.isEmpty()) {
            finish();
            return;
        }
        for (SegmentPlan.Part each : parts) {
            try {
                starter.start(
                        this, partRequest, each.range(), new SegmentPart(this, each, channel, meter, null, false));
            } catch (RuntimeException e) {
                partEnded(null, e instanceof UncheckedIOException u ? u.getCause() : e);
            }
        }
    }

    /** A part's data was written: now and then, the progress record follows. */
    void progressed() {
        progress.progressed(plan);
    }

    /** A part ended: with {@code error} null, whole. The last one to end ends the download. */
    void partEnded(TransferResult result, Throwable error) {
        boolean last;
        List<Transfer> running = List.of();
        synchronized (this) {
            if (result != null && timings == TransferTimings.NONE) {
                timings = result.timings();
            }
            // The failure is in place before the count drops, so the last part never ends a failed download as whole.
            if (error != null) {
                running = stop(error);
            }
            active--;
            last = active == 0;
        }
        running.forEach(Transfer::cancel);
        if (last) {
            finish();
        }
    }

    private void fail(Throwable error) {
        List<Transfer> running;
        synchronized (this) {
            running = stop(error);
        }
        running.forEach(Transfer::cancel);
    }

    /** The first failure wins (a changed file over anything else); returns the transfers to cancel. */
    private List<Transfer> stop(Throwable error) {
        Throwable cause = unwrap(error);
        if (failure == null
                || (cause instanceof FileDownload.StartOver && !(failure instanceof FileDownload.StartOver))) {
            failure = cause;
        }
        stopped = true;
        return new ArrayList<>(transfers);
    }

    private static Throwable unwrap(Throwable error) {
        if (error instanceof FileDownload.UncheckedHttpStatus status) {
            return status.getCause();
        }
        return error instanceof UncheckedIOException io ? io.getCause() : error;
    }

    /** Every part has ended: fail with the first failure, or verify the whole file and rename it. */
    private void finish() {
        Throwable error;
        synchronized (this) {
            error = failure;
            try {
                channel.close();
                if (error == null) {
                    // A kill during the verification then resumes straight into it.
                    progress.started(plan);
                } else if (error instanceof FileDownload.StartOver) {
                    progress.discard();
                } else {
                    progress.keep(plan);
                }
            } catch (IOException e) {
                if (error == null) {
                    error = e;
                } else {
                    error.addSuppressed(e);
                }
            }
        }
        if (error != null) {
            sink.error(error);
            return;
        }
        completion().verifyAndRename(plan, resumedFrom, timings);
    }
}
