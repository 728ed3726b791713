package dev.curlmulti.reactor;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A download: the request and the file it goes to. Bytes go from libcurl's buffer to the file with
 * no Java-heap copy, into {@code target.part}, renamed to {@code target} on success. With
 * {@link #resume()} a part file left by an earlier attempt is continued with a Range request; a
 * server that ignores the range (200) or cannot continue that part (416 for another length) makes
 * the download start over from zero in the same call. The client's {@code maxResponseSize} bounds
 * the file (after decoding): over it, {@code CurlTooLargeException} and the part file is deleted.
 * A failure that left bytes worth continuing (a reset, a timeout) keeps the part file for the next
 * attempt.
 *
 * @param request  what to fetch
 * @param target   where the body goes (written to {@code target + ".part"} and renamed on success)
 * @param resume   continue a {@code .part} file left by an earlier attempt with a Range request
 * @param checksum compute the SHA-256 of the whole file on the way
 */
public record DownloadRequest(CurlRequest request, Path target, boolean resume, boolean checksum) {
    public DownloadRequest {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(target, "target");
    }

    /** Download {@code url} to {@code target}, resuming and with a checksum. */
    public static DownloadRequest of(String url, Path target) {
        return new DownloadRequest(CurlRequest.get(url), target, true, true);
    }
}
