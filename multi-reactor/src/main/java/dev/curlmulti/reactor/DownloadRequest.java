package dev.curlmulti.reactor;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A download: the request and the file it goes to.
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
