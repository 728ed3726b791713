package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.TransferTimings;
import java.nio.file.Path;

/**
 * How a download ended. In a batch, a failure is a result too ({@link #error()} set) so the batch
 * goes on.
 *
 * @param request   what was asked
 * @param path      the complete file (null when failed)
 * @param bytes     bytes in the file (including a resumed part)
 * @param resumedFrom bytes that were already there from an earlier attempt
 * @param status    the HTTP status of the final response (0 when none arrived)
 * @param timings   libcurl's per-phase timings of the last attempt
 * @param sha256    hex SHA-256 of the file, or null when not asked
 * @param attempts  tries made (1 without retries)
 * @param error     why it failed, or null
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
        Throwable error) {
    /** Whether the file was written whole ({@link #error()} is null). */
    public boolean succeeded() {
        return error == null;
    }

    DownloadResult withAttempts(int count) {
        return new DownloadResult(request, path, bytes, resumedFrom, status, timings, sha256, count, error);
    }

    static DownloadResult failed(DownloadRequest request, Throwable error, int attempts) {
        return new DownloadResult(request, null, 0, 0, 0, TransferTimings.NONE, null, attempts, error);
    }
}
