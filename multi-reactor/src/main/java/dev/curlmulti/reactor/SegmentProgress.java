package dev.curlmulti.reactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * When a segmented download's progress record is written: when the plan is made, about once a
 * second while parts write, and at the end (kept for a resume after a failure, deleted with the
 * part file after a start-over). Without {@link DownloadRequest#resume()} there is no record and a
 * failure deletes the part file.
 *
 * <p><b>Threading:</b> called by the parts on their loop thread and by the download's end; writes
 * are serialized on this object, and the periodic check costs one clock read per chunk.
 */
final class SegmentProgress {
    private static final long RECORD_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final boolean resume;
    private final Path part;
    private final Path record;
    private volatile long nextRecordNanos;

    SegmentProgress(DownloadRequest download) {
        this.resume = download.resume();
        this.part = FileDownload.partFile(download.target());
        this.record = SegmentRecord.of(download.target());
    }

    Path part() {
        return part;
    }

    Path record() {
        return record;
    }

    /** The plan is made: its record goes down at once, so a kill from now on can resume. */
    void started(SegmentPlan plan) {
        nextRecordNanos = System.nanoTime() + RECORD_EVERY_NANOS;
        writeQuietly(plan);
    }

    /** A part wrote data: the record follows when a second has passed since the last one. */
    void progressed(SegmentPlan plan) {
        long now = System.nanoTime();
        if (resume && now - nextRecordNanos >= 0) {
            nextRecordNanos = now + RECORD_EVERY_NANOS;
            writeQuietly(plan);
        }
    }

    /** The attempt ended with every part stopped: the record holds what is on disk. */
    synchronized void keep(SegmentPlan plan) throws IOException {
        if (resume) {
            SegmentRecord.write(record, plan);
        } else {
            discard();
        }
    }

    /** Nothing here is worth continuing: the part file and its record go. */
    synchronized void discard() throws IOException {
        Files.deleteIfExists(part);
        SegmentRecord.delete(record);
    }

    private synchronized void writeQuietly(SegmentPlan plan) {
        if (!resume) {
            return;
        }
        try {
            SegmentRecord.write(record, plan);
        } catch (IOException e) {
            // Best effort: the next record, or the one at the end, catches up; a kill before it
            // only costs the bytes since the last one.
        }
    }
}
