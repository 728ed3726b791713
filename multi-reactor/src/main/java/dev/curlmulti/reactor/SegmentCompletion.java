package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.TransferTimings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * The end of a segmented download whose parts are all on disk: checks the length, hashes the file
 * when asked, checks it against what the request expects, and only then renames it to the target.
 * A mismatch deletes the part file and its record and fails with
 * {@link DownloadVerificationException}; nothing appears under the target's name.
 *
 * <p>The SHA-256 is computed by reading the file back once, on a blocking-friendly thread: the parts
 * arrive out of order, so hashing on the way would need the later parts buffered or re-read anyway,
 * and a read of what the page cache still holds costs about what hashing on the way costs, without
 * holding up the loop thread that every part's data goes through.
 */
final class SegmentCompletion {
    private final DownloadRequest download;
    private final Path part;
    private final Path record;
    private final MonoSink<DownloadResult> sink;

    SegmentCompletion(DownloadRequest download, Path part, Path record, MonoSink<DownloadResult> sink) {
        this.download = download;
        this.part = part;
        this.record = record;
        this.sink = sink;
    }

    /** Ends the download of an empty file (nothing to split): an empty file, checked and renamed. */
    void emptyFile(TransferTimings timings) {
        try {
            Files.createDirectories(download.target().toAbsolutePath().getParent());
            Files.write(part, new byte[0]);
        } catch (IOException e) {
            sink.error(e);
            return;
        }
        verifyAndRename(null, 0, timings);
    }

    /**
     * Ends the download from a worker thread: success with the file renamed, or an error.
     *
     * @param plan the parts the file came in, or null for an empty file (one request, nothing split)
     */
    void verifyAndRename(SegmentPlan plan, long resumedFrom, TransferTimings timings) {
        Schedulers.boundedElastic().schedule(() -> {
            DownloadResult result;
            try {
                result = verified(plan, resumedFrom, timings);
            } catch (IOException | RuntimeException e) {
                sink.error(e);
                return;
            }
            sink.success(result);
        });
    }

    private DownloadResult verified(SegmentPlan plan, long resumedFrom, TransferTimings timings) throws IOException {
        long bytes = Files.size(part);
        long length = plan == null ? 0 : plan.length();
        String sha = download.checksum() ? sha256(part) : null;
        try {
            if (bytes != length) {
                throw new DownloadVerificationException(
                        download.target().getFileName() + ": the parts hold " + bytes + " bytes of " + length);
            }
            DownloadVerification.check(download, bytes, sha);
        } catch (DownloadVerificationException e) {
            Files.deleteIfExists(part);
            SegmentRecord.delete(record);
            throw e;
        }
        Files.move(part, download.target(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        SegmentRecord.delete(record);
        return new DownloadResult(
                download,
                download.target(),
                bytes,
                resumedFrom,
                plan == null ? 200 : 206,
                timings,
                sha,
                1,
                null,
                plan == null ? null : plan.validators(),
                plan == null ? 1 : plan.parts().size(),
                Duration.ZERO);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // A heap array: MessageDigest hashes a direct buffer through small copies, at about half the speed.
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
