package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.TransferTimings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a download ended. In a batch, a failure is a result too ({@link #error()} set) so the batch
 * goes on. Immutable.
 *
 * @param request     what was asked (as the caller gave it, before filters and conditions changed its request)
 * @param path        the complete file (null when failed); after a {@code 304} the copy that was already there
 * @param bytes       bytes in the file (including a resumed part)
 * @param resumedFrom bytes that were already there from an earlier attempt
 * @param status      the HTTP status of the final response (0 when none arrived; 304 when
 *                    {@link #notModified()})
 * @param timings     libcurl's per-phase timings of the last attempt (of the first part when segmented)
 * @param sha256      hex SHA-256 of the file, or null when not asked (after a {@code 304}, of the kept copy)
 * @param attempts    tries made (1 without retries)
 * @param error       why it failed, or null
 * @param validators  the ETag / Last-Modified of the copy now at {@link #path()}: the final response's
 *                    (a resume's {@code 206}, an "already whole" {@code 416}), after a {@code 304} its own or
 *                    else the ones sent; null when the server sent neither
 * @param segments    connections the file came over (1 for a single stream, 0 when nothing was fetched:
 *                    a {@code 304}, or a part file that was already whole)
 * @param elapsed     from the first try's start to the end, retries and their backoff included
 */
public record DownloadResult(
        DownloadRequest request,
        Path path,
        long bytes,
        long resumedFrom,
        int status,
        TransferTimings timings,
        String sha256,
        int attempts,
        Throwable error,
        Validators validators,
        int segments,
        Duration elapsed) {
    /** Whether the file was written whole ({@link #error()} is null). */
    public boolean succeeded() {
        return error == null;
    }

    /** The server answered {@code 304}: the copy at the target is current and was left as it was. */
    public boolean notModified() {
        return error == null && status == 304;
    }

    DownloadResult withAttempts(int count) {
        return copy(request, sha256, count, elapsed);
    }

    DownloadResult withElapsed(Duration time) {
        return copy(request, sha256, attempts, time);
    }

    DownloadResult withRequest(DownloadRequest asked) {
        return copy(asked, sha256, attempts, elapsed);
    }

    DownloadResult withSha256(String hex) {
        return copy(request, hex, attempts, elapsed);
    }

    /** This result with the components the withers change replaced; the others are the same. */
    private DownloadResult copy(DownloadRequest asked, String hex, int count, Duration time) {
        return new DownloadResult(
                asked, path, bytes, resumedFrom, status, timings, hex, count, error, validators, segments, time);
    }

    /** A {@code 304}: the copy of {@code bytes} at the target stays; its SHA-256 is added later when asked. */
    static DownloadResult notModified(
            DownloadRequest request, long bytes, TransferTimings timings, Validators validators) {
        return new DownloadResult(
                request, request.target(), bytes, 0, 304, timings, null, 1, null, validators, 0, Duration.ZERO);
    }

    static DownloadResult failed(DownloadRequest request, Throwable error, int attempts) {
        return failed(request, error, attempts, Duration.ZERO);
    }

    /** A failure as a batch reports it, {@code elapsed} from the first try's start to the failure. */
    static DownloadResult failed(DownloadRequest request, Throwable error, int attempts, Duration elapsed) {
        return new DownloadResult(
                request, null, 0, 0, 0, TransferTimings.NONE, null, attempts, error, null, 0, elapsed);
    }
}
