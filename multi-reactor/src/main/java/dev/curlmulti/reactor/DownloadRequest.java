package dev.curlmulti.reactor;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
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
 * <p>Immutable; the {@code with...} methods return a changed copy.
 *
 * <ul>
 *   <li><b>Verification</b> ({@link #withExpectedSha256}, {@link #withExpectedSize}): checked on the
 *       whole file before it is renamed; a mismatch fails the download with
 *       {@link DownloadVerificationException}, the part file is deleted and nothing is left under
 *       the target's name (an older file there stays as it was).
 *   <li><b>Conditional</b> ({@link #ifUnchanged}): the request carries {@code If-None-Match} /
 *       {@code If-Modified-Since} from the validators of an earlier download; a {@code 304} leaves
 *       the target as it is and the result says {@link DownloadResult#notModified()}.
 *   <li><b>Segmented</b> ({@link #withSegments}): a large file from a server that serves ranges is
 *       fetched over several connections at once, each part written in place, the whole verified.
 * </ul>
 *
 * @param request        what to fetch
 * @param target         where the body goes (written to {@code target + ".part"} and renamed on success)
 * @param resume         continue a {@code .part} file left by an earlier attempt with a Range request
 * @param checksum       compute the SHA-256 of the whole file on the way
 * @param expectedSize   the file's length in bytes, or -1 when not known
 * @param expectedSha256 the file's SHA-256 (64 lower-case hex digits), or null when not known
 * @param ifUnchanged    validators of the copy at {@code target}, for a conditional request; or null
 * @param segments       connections for one file: 1 for a single stream
 * @param minSegmentBytes the smallest part worth its own connection
 */
public record DownloadRequest(
        CurlRequest request,
        Path target,
        boolean resume,
        boolean checksum,
        long expectedSize,
        String expectedSha256,
        Validators ifUnchanged,
        int segments,
        long minSegmentBytes) {
    /** The smallest part worth its own connection unless a request says otherwise: 4 MiB. */
    public static final long DEFAULT_MIN_SEGMENT_BYTES = 4L << 20;

    public DownloadRequest {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(target, "target");
        if (request.body() instanceof MultipartBody) {
            // Its mime and publisher parts are set up by CurlClient.request only.
            throw new IllegalArgumentException("a download cannot send a multipart body: use CurlClient.request");
        }
        if (expectedSize < -1) {
            throw new IllegalArgumentException("expectedSize must be >= 0, or -1 for unknown: " + expectedSize);
        }
        if (expectedSha256 != null) {
            expectedSha256 = expectedSha256.toLowerCase(Locale.ROOT);
            if (expectedSha256.length() != 64 || !expectedSha256.chars().allMatch(HexFormat::isHexDigit)) {
                throw new IllegalArgumentException("expectedSha256 must be 64 hex digits: " + expectedSha256);
            }
            checksum = true;
        }
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be >= 1: " + segments);
        }
        if (minSegmentBytes < 1) {
            throw new IllegalArgumentException("minSegmentBytes must be >= 1: " + minSegmentBytes);
        }
    }

    /** A single-stream download with nothing expected and no validators. */
    public DownloadRequest(CurlRequest request, Path target, boolean resume, boolean checksum) {
        this(request, target, resume, checksum, -1, null, null, 1, DEFAULT_MIN_SEGMENT_BYTES);
    }

    /** Download {@code url} to {@code target}, resuming and with a checksum. */
    public static DownloadRequest of(String url, Path target) {
        return new DownloadRequest(CurlRequest.get(url), target, true, true);
    }

    /** This download with another request (same file and options). */
    public DownloadRequest withRequest(CurlRequest changed) {
        return new DownloadRequest(
                changed,
                target,
                resume,
                checksum,
                expectedSize,
                expectedSha256,
                ifUnchanged,
                segments,
                minSegmentBytes);
    }

    /** Fails the download unless the whole file has this SHA-256 (hex); turns {@link #checksum()} on. */
    public DownloadRequest withExpectedSha256(String sha256Hex) {
        return new DownloadRequest(
                request,
                target,
                resume,
                true,
                expectedSize,
                Objects.requireNonNull(sha256Hex, "sha256Hex"),
                ifUnchanged,
                segments,
                minSegmentBytes);
    }

    /** Fails the download unless the whole file is this many bytes. */
    public DownloadRequest withExpectedSize(long bytes) {
        return new DownloadRequest(
                request, target, resume, checksum, bytes, expectedSha256, ifUnchanged, segments, minSegmentBytes);
    }

    /**
     * Asks only for a copy other than the one these validators describe ({@code If-None-Match} with
     * the ETag, {@code If-Modified-Since} with the Last-Modified date, each when present); a
     * {@code 304} keeps the target as it is and deletes a part file left beside it. With no file at
     * the target the conditions are not sent and the file is fetched. Null sends no condition.
     */
    public DownloadRequest ifUnchanged(Validators validators) {
        return new DownloadRequest(
                request, target, resume, checksum, expectedSize, expectedSha256, validators, segments, minSegmentBytes);
    }

    /**
     * Fetches the file over up to {@code connections} connections at once (Range requests), when the
     * server serves ranges and each part would be at least {@link #DEFAULT_MIN_SEGMENT_BYTES}; one
     * stream otherwise.
     */
    public DownloadRequest withSegments(int connections) {
        return withSegments(connections, DEFAULT_MIN_SEGMENT_BYTES);
    }

    /** As {@link #withSegments(int)}, with the smallest part worth its own connection. */
    public DownloadRequest withSegments(int connections, long minBytesPerSegment) {
        return new DownloadRequest(
                request,
                target,
                resume,
                checksum,
                expectedSize,
                expectedSha256,
                ifUnchanged,
                connections,
                minBytesPerSegment);
    }
}
