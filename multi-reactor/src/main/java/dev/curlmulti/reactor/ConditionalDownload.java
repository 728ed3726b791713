package dev.curlmulti.reactor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The conditional side of a download ({@link DownloadRequest#ifUnchanged}): the request headers
 * that carry its validators, and the check of the copy a {@code 304} keeps. Stateless.
 *
 * <p>A resume's {@code Range} and the conditions go together: the server evaluates the conditions
 * first, so a {@code 304} means the target is current (the stale part file is then deleted), and
 * otherwise the range applies as it would without them.
 */
final class ConditionalDownload {
    private ConditionalDownload() {}

    /**
     * {@code download} with {@code If-None-Match} (when there is an ETag) and
     * {@code If-Modified-Since} (when there is a Last-Modified date) added to its request; a header
     * the request already names is left as the request has it. Without a copy at the target there
     * is nothing a {@code 304} could keep, so the conditions are dropped and the file is fetched.
     * Looks at the file system: call it when the try starts, not when the request is built.
     */
    static DownloadRequest withConditions(DownloadRequest download) {
        Validators validators = download.ifUnchanged();
        if (validators == null) {
            return download;
        }
        if (!Files.isRegularFile(download.target())) {
            return download.ifUnchanged(null);
        }
        CurlRequest.Builder request = download.request().newBuilder();
        if (validators.etag() != null && !names(download.request(), "If-None-Match")) {
            request.header("If-None-Match", validators.etag());
        }
        if (validators.lastModified() != null && !names(download.request(), "If-Modified-Since")) {
            request.header("If-Modified-Since", validators.lastModified());
        }
        return download.withRequest(request.build());
    }

    /**
     * {@code result} as it is, unless it is a {@code 304} for a request that computes a checksum or
     * expects a size: then the kept copy is hashed (on a blocking-friendly scheduler, never the loop)
     * and checked like a downloaded file. A copy that does not verify stays where it is (it is the
     * caller's, not this download's) and the download fails with {@link DownloadVerificationException}.
     */
    static Mono<DownloadResult> verified(DownloadResult result) {
        DownloadRequest request = result.request();
        if (!result.notModified() || (!request.checksum() && request.expectedSize() < 0)) {
            return Mono.just(result);
        }
        return Mono.fromCallable(() -> {
                    String sha = request.checksum() ? sha256(result.path()) : null;
                    DownloadVerification.check(request, result.bytes(), sha);
                    return result.withSha256(sha);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean names(CurlRequest request, String header) {
        return request.headers().stream().anyMatch(h -> h.getKey().equalsIgnoreCase(header));
    }
}
