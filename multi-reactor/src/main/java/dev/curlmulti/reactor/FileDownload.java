package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.loop.TransferResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import reactor.core.publisher.MonoSink;

/**
 * Writes a response body straight from libcurl's buffer to a file (no Java-heap copy): the
 * handler's view of the native buffer goes to {@link PartFileWriter}. The file is
 * {@code target.part} until the transfer succeeds, then renamed, so a failure never leaves a file
 * that looks complete. Writes happen on the loop thread (into the page cache, normally micro-
 * seconds). A non-2xx status fails the download with {@link HttpStatusException}.
 *
 * <p><b>Resuming</b> continues a part file only when a {@link PartRecord} beside it says which
 * version it holds (its first head's length and validators, written before any body byte); without
 * one, or when that version had a content coding, the part file is fetched again from zero, since
 * nothing proves it is the server's current file (small files, which get no record, lose little by
 * this). It asks for the rest with {@code Range: bytes=N-} and {@code If-Range} (not libcurl's
 * {@code RESUME_FROM}, which aborts with {@code CURLE_RANGE_ERROR} when a server ignores the range):
 * a {@code 206} from N of the recorded version (its complete length and validators) is appended; a
 * {@code 200} (the file changed, or the server ignores ranges) truncates the part file and writes the
 * whole body from the start; a {@code 416} whose complete length is the part file's and the
 * recorded one means it is already whole. Any other answer (another version's range or length, a
 * range from another offset) ends this attempt with {@link StartOver}, and the client starts again
 * without the part file. The record goes whenever the part file is deleted or takes the target's
 * name, so a success leaves nothing but the target.
 *
 * <p><b>Size limit:</b> the client's {@code maxResponseSize} bounds the whole file (kept part plus
 * new bytes, counted after decoding): a declared length over it fails at the head, and the byte
 * that crosses it fails the download; either way with {@code CurlTooLargeException} and the part
 * file is deleted, since resuming could only cross the limit again.
 *
 * <p><b>Verification:</b> the request's expected size and SHA-256 are checked on the whole file
 * (the kept part included: its bytes were hashed when the part file was opened) before the rename;
 * a length the head announces, or a byte past the expected size, fails at once. A file that does
 * not verify is deleted and the download fails with {@link DownloadVerificationException}; one
 * that was resumed starts over instead, once, since its kept bytes may be another version's.
 *
 * <p><b>Conditional:</b> a {@code 304} to a request with validators leaves the target as it is,
 * deletes this attempt's part file and succeeds with status 304 (hashing the kept copy, when asked,
 * is left to {@link ConditionalDownload}, off the loop thread).
 */
final class FileDownload implements TransferHandler {
    /** This download's number in the wire log, 0 until it logs. */
    private long wireId;

    private final DownloadRequest download;
    private final MonoSink<DownloadResult> sink;
    private final ClientConfig config;
    private final Path part;
    private final long resumeFrom;
    private final MessageDigest digest;
    private final DownloadMeter meter;
    private final boolean timings;
    private final PartFileWriter writer;
    /** Which version the part file holds: whether it is continued, and its record. */
    private final PartVersion version;

    private long written;
    private long keptFromBefore;
    private int status;
    private boolean alreadyComplete;
    /** The part file is of no use to a later attempt: over the size limit, not the expected file, stale after a 304. */
    private boolean discardPart;
    /** The server answered 304 to the conditions: the target stays as it is. */
    private boolean notModified;
    /** The final response's ETag / Last-Modified, or null. */
    private Validators validators;
    /** Set before the transfer starts. */
    private volatile Transfer transfer;

    /**
     * Opens the part file on the caller's thread.
     *
     * @param ignorePart start from zero even when resuming is on and a part file exists (it is
     *                   truncated), as when the server could not continue it
     */
    FileDownload(
            DownloadRequest download,
            MonoSink<DownloadResult> sink,
            DownloadMeter meter,
            ClientConfig config,
            boolean ignorePart) {
        this.download = download;
        this.sink = sink;
        this.meter = meter;
        this.config = config;
        this.timings = config.get(ClientSettings.TIMINGS);
        this.part = partFile(download.target());
        try {
            createParent(download.target());
            long existing = download.resume() && !ignorePart && Files.exists(part) ? Files.size(part) : 0;
            this.version = PartVersion.open(download.target(), download.resume(), existing);
            this.resumeFrom = version.continues() ? existing : 0;
            this.digest = download.checksum() ? MessageDigest.getInstance("SHA-256") : null;
            this.writer = PartFileWriter.open(part, resumeFrom, digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /**
     * Creates the target's directory when it is missing. Looks first: {@code createDirectories}
     * throws and catches an exception whenever the directory exists, once per file of a batch.
     */
    static void createParent(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
    }

    /** Bytes already in the part file that this attempt continues, 0 for a fresh start. */
    long resumeFrom() {
        return resumeFrom;
    }

    /** The {@code CURLOPT_RANGE} value that asks for the rest of the part file, or null. */
    String range() {
        return resumeFrom > 0 ? resumeFrom + "-" : null;
    }

    /**
     * The request to send: the download's, with {@code If-Range} naming the kept part's version
     * when it is continued, so a server whose file changed sends the whole new one instead.
     */
    CurlRequest request() {
        return version.request(download.request());
    }

    /** Before the transfer starts: a cancelled download cancels it (the engine keeps a cancel that comes first). */
    void prepare(Transfer created) {
        transfer = created;
        sink.onCancel(created::cancel);
    }

    @Override
    public void onHead(TransferHead head) {
        status = head.status();
        validators = DownloadHead.validators(head, status == 304 ? download.ifUnchanged() : null);
        if (status == 304 && download.ifUnchanged() != null) {
            keepTarget();
            return;
        }
        if (status == 416 && resumeFrom > 0) {
            if (version.wholeOn416(head, resumeFrom)) {
                // The part file already holds the whole body: nothing more to fetch.
                alreadyComplete = true;
                keptFromBefore = resumeFrom;
                return;
            }
            throw new StartOver("the server cannot continue the part file of " + resumeFrom + " bytes (416, "
                    + head.headers().first("Content-Range") + ")");
        }
        if (status < 200 || status > 299) {
            throw new UncheckedHttpStatus(
                    new HttpStatusException(download.request().toString(), status, head.headers(), new byte[0]));
        }
        boolean continues = resumeFrom > 0 && status == 206;
        if (continues && DownloadHead.rangeStart(head) != resumeFrom) {
            throw new StartOver("asked for the bytes from " + resumeFrom + ", the server sent "
                    + head.headers().first("Content-Range"));
        }
        String mismatch = continues ? version.mismatch(head) : null;
        if (mismatch != null) {
            throw new StartOver(mismatch);
        }
        keptFromBefore = continues ? resumeFrom : 0;
        long declared = DownloadHead.identityLength(head);
        long limit = config.maxResponseSize(download.request());
        if (limit >= 0 && declared >= 0 && keptFromBefore + declared > limit) {
            discardPart = true;
            throw new UncheckedIOException(ClientConfig.bodyTooLarge(limit));
        }
        checkAnnouncedLength(DownloadHead.fileLength(head, continues));
        if (resumeFrom > 0 && !continues) {
            // The server ignored the range and sends the whole file: start over in this same call.
            try {
                writer.restart();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (digest != null) {
                digest.reset();
            }
        }
        if (!continues) {
            try {
                version.recordFresh(head);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A 304: the copy at the target is current, it stays, and this attempt's part file goes. */
    private void keepTarget() {
        discardPart = true;
        if (!Files.isRegularFile(download.target())) {
            throw new UncheckedIOException(new NoSuchFileException(
                    download.target().toString(), null, "answered 304 Not Modified, but there is no copy to keep"));
        }
        notModified = true;
    }

    /** Fails at the head when the server announces a file of another length than expected (-1: not announced). */
    private void checkAnnouncedLength(long announced) {
        long expected = download.expectedSize();
        if (expected >= 0 && announced >= 0 && announced != expected) {
            // The server's file is not the expected one: no byte of it is worth keeping.
            discardPart = true;
            throw new UncheckedIOException(new DownloadVerificationException(download.target()
                            .getFileName() + ": expected " + expected + " bytes, the server announces " + announced));
        }
    }

    @Override
    public boolean onData(ByteBuffer chunk) {
        if (alreadyComplete || notModified || discardPart) {
            return true;
        }
        int length = chunk.remaining();
        if (!meter.admit(transfer, length)) {
            return false;
        }
        long limit = config.maxResponseSize(download.request());
        if (limit >= 0 && keptFromBefore + written + length > limit) {
            // Counted after decoding, so a decompression bomb stops here too; the engine lets this
            // cancel win even when it comes with the last chunk.
            discardPart = true;
            transfer.cancel(ClientConfig.bodyTooLarge(limit));
            return true;
        }
        long expected = download.expectedSize();
        if (expected >= 0 && keptFromBefore + written + length > expected) {
            // More than expected (a length the head did not announce): the file cannot be the one asked for.
            discardPart = true;
            transfer.cancel(new DownloadVerificationException(
                    download.target().getFileName() + ": expected " + expected + " bytes, received more"));
            return true;
        }
        if (digest != null) {
            digest.update(chunk.duplicate());
        }
        try {
            writer.write(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written += length;
        meter.received(length);
        return true;
    }

    @Override
    public void onComplete(TransferResult result) {
        DownloadResult done;
        try {
            try {
                writer.flush();
            } finally {
                writer.close();
            }
            if (notModified) {
                version.drop();
                Files.deleteIfExists(part);
                sink.success(DownloadResult.notModified(
                        download, Files.size(download.target()), result.timings(), validators));
                return;
            }
            if (resumeFrom > 0 && status == 0) {
                keptFromBefore = resumeFrom;
            }
            String sha = digest == null ? null : HexFormat.of().formatHex(digest.digest());
            long bytes = alreadyComplete ? keptFromBefore : keptFromBefore + written;
            verify(bytes, sha);
            version.drop();
            Files.move(part, download.target(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = new DownloadResult(
                    download,
                    download.target(),
                    bytes,
                    keptFromBefore,
                    alreadyComplete ? 200 : result.responseCode(),
                    result.timings(),
                    sha,
                    1,
                    null,
                    validators,
                    alreadyComplete ? 0 : 1,
                    Duration.ZERO);
        } catch (IOException | StartOver e) {
            sink.error(e);
            return;
        }
        sink.success(done);
    }

    /**
     * Checks the whole file before it takes the target's name; one that fails is deleted, so
     * neither the target nor a later resume ever sees it.
     */
    private void verify(long bytes, String sha) throws IOException {
        try {
            DownloadVerification.check(download, bytes, sha);
        } catch (DownloadVerificationException e) {
            version.drop();
            Files.deleteIfExists(part);
            if (keptFromBefore > 0) {
                // The kept bytes may be another version of the file than the rest: only a whole
                // fetch tells such a splice from a server that sends the wrong file.
                throw new StartOver("the resumed file does not verify: " + e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public void onError(Throwable error) {
        try {
            // What arrived is kept for a resume, so it is written like the rest.
            writer.flush();
        } catch (IOException e) {
            error.addSuppressed(e);
        }
        try {
            writer.close();
            // Keep a part file only when it holds something a resume can continue.
            if (discardPart
                    || error instanceof StartOver
                    || !download.resume()
                    || (written == 0 && keptFromBefore == 0 && resumeFrom == 0)) {
                version.drop();
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            error.addSuppressed(e);
        }
        sink.error(
                error instanceof UncheckedHttpStatus u
                        ? u.getCause()
                        : error instanceof UncheckedIOException io ? io.getCause() : error);
    }

    @Override
    public void onDebug(int type, ByteBuffer data) {
        wireId = WireLog.log(wireId, type, data);
    }

    @Override
    public boolean wantsTimings() {
        return timings;
    }

    /**
     * This attempt cannot continue the part file (the server's answer does not fit it): the part
     * file is deleted and the client starts the download again from zero, once, in the same call.
     */
    static final class StartOver extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartOver(String message) {
            super(message, null, false, false);
        }
    }

    /** Carries the status error out of {@link #onHead}. */
    static final class UncheckedHttpStatus extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedHttpStatus(HttpStatusException cause) {
            super(cause);
        }
    }
}
