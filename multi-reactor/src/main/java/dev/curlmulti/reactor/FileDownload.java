package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.loop.TransferResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import reactor.core.publisher.MonoSink;

/**
 * Writes a response body straight from libcurl's buffer to a file (no Java-heap copy): the
 * handler's view of the native buffer goes to {@link FileChannel#write}. The file is
 * {@code target.part} until the transfer succeeds, then renamed, so a failure never leaves a file
 * that looks complete. Writes happen on the loop thread (into the page cache, normally micro-
 * seconds). A non-2xx status fails the download with {@link HttpStatusException}.
 *
 * <p><b>Resuming</b> asks for the rest with {@code Range: bytes=N-} (not libcurl's
 * {@code RESUME_FROM}, which aborts with {@code CURLE_RANGE_ERROR} when a server ignores the range):
 * a {@code 206} whose {@code Content-Range} starts at N is appended; a {@code 200} (the server
 * ignored the range) truncates the part file and writes the whole body from the start; a
 * {@code 416} whose complete length equals the part file means it is already whole. A part file
 * the server's answer cannot continue (a {@code 416} for another length, a range from another
 * offset) ends this attempt with {@link StartOver}, and the client starts again without it.
 *
 * <p><b>Size limit:</b> the client's {@code maxResponseSize} bounds the whole file (kept part plus
 * new bytes, counted after decoding): a declared length over it fails at the head, and the byte
 * that crosses it fails the download; either way with {@code CurlTooLargeException} and the part
 * file is deleted, since resuming could only cross the limit again.
 *
 * <p>libcurl hands over at most 16 KiB per call; once a file is past its first 512 KiB, chunks are
 * gathered into a 128 KiB direct buffer before each write, which cuts the write system calls of a
 * large file eightfold (measured: a 1 GiB download went from about 700 to over 1,000 MiB/s). The
 * buffers are reused per loop thread, so a bulk download does not churn direct memory.
 */
final class FileDownload implements TransferHandler {
    /** This download's number in the wire log, 0 until it logs. */
    private long wireId;

    private static final int WRITE_BUFFER_BYTES = 128 * 1024;
    private static final long GATHER_AFTER_BYTES = 512 * 1024;
    private static final int SPARE_BUFFERS_PER_THREAD = 32;
    private static final ThreadLocal<java.util.ArrayDeque<ByteBuffer>> SPARE_BUFFERS =
            ThreadLocal.withInitial(java.util.ArrayDeque::new);

    private final DownloadRequest download;
    private final MonoSink<DownloadResult> sink;
    private final ClientConfig config;
    private final Path part;
    private final long resumeFrom;
    private final MessageDigest digest;
    private final DownloadMeter meter;
    private final boolean timings;
    private FileChannel channel;
    /** Gathered bytes not yet written, or null while the file is small. */
    private ByteBuffer gathered;

    private long written;
    private long keptFromBefore;
    private int status;
    private boolean alreadyComplete;
    /** The part file is of no use to a later attempt (over the size limit, or not continuable). */
    private boolean discardPart;
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
            Files.createDirectories(download.target().toAbsolutePath().getParent());
            long existing = download.resume() && !ignorePart && Files.exists(part) ? Files.size(part) : 0;
            this.resumeFrom = existing;
            this.digest = download.checksum() ? MessageDigest.getInstance("SHA-256") : null;
            if (existing > 0 && digest != null) {
                try (InputStream in = Files.newInputStream(part)) {
                    byte[] buffer = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
            // Without a resume the file starts empty: a longer stale part must not leave its tail.
            channel = existing > 0
                    ? FileChannel.open(part, StandardOpenOption.WRITE)
                    : FileChannel.open(
                            part,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
            channel.position(existing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /** Bytes already in the part file that this attempt continues, 0 for a fresh start. */
    long resumeFrom() {
        return resumeFrom;
    }

    /** The {@code CURLOPT_RANGE} value that asks for the rest of the part file, or null. */
    String range() {
        return resumeFrom > 0 ? resumeFrom + "-" : null;
    }

    /** Before the transfer starts: a cancelled download cancels it (the engine keeps a cancel that comes first). */
    void prepare(Transfer created) {
        transfer = created;
        sink.onCancel(created::cancel);
    }

    @Override
    public void onHead(TransferHead head) {
        status = head.status();
        if (status == 416 && resumeFrom > 0) {
            if (completeLength(head) == resumeFrom) {
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
        if (continues && rangeStart(head) != resumeFrom) {
            throw new StartOver("asked for the bytes from " + resumeFrom + ", the server sent "
                    + head.headers().first("Content-Range"));
        }
        keptFromBefore = continues ? resumeFrom : 0;
        long declared = identityLength(head);
        long limit = config.maxResponseSize(download.request());
        if (limit >= 0 && declared >= 0 && keptFromBefore + declared > limit) {
            discardPart = true;
            throw new java.io.UncheckedIOException(ClientConfig.bodyTooLarge(limit));
        }
        if (resumeFrom > 0 && !continues) {
            // The server ignored the range and sends the whole file: start over in this same call.
            try {
                channel.truncate(0);
                channel.position(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (digest != null) {
                digest.reset();
            }
        }
    }

    /** The complete length of a {@code Content-Range} ({@code bytes a-b/N} or {@code bytes *}{@code /N}), or -1. */
    private static long completeLength(TransferHead head) {
        String range = head.headers().first("Content-Range");
        int slash = range == null ? -1 : range.lastIndexOf('/');
        return slash < 0 ? -1 : parseOrMinusOne(range.substring(slash + 1));
    }

    /** The first byte of a {@code Content-Range: bytes a-b/N}, or -1. */
    private static long rangeStart(TransferHead head) {
        String range = head.headers().first("Content-Range");
        if (range == null || !range.regionMatches(true, 0, "bytes ", 0, 6)) {
            return -1;
        }
        int dash = range.indexOf('-', 6);
        return dash < 0 ? -1 : parseOrMinusOne(range.substring(6, dash));
    }

    /** The body length the head declares, when the bytes written will be exactly those (no content coding); else -1. */
    private static long identityLength(TransferHead head) {
        String coding = head.headers().first("Content-Encoding");
        if (coding != null && !coding.isBlank() && !coding.trim().equalsIgnoreCase("identity")) {
            return -1;
        }
        String length = head.headers().first("Content-Length");
        return length == null ? -1 : parseOrMinusOne(length);
    }

    private static long parseOrMinusOne(String number) {
        try {
            return Long.parseLong(number.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public boolean onData(ByteBuffer chunk) {
        if (alreadyComplete || discardPart) {
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
        if (digest != null) {
            digest.update(chunk.duplicate());
        }
        try {
            if (gathered == null && written >= GATHER_AFTER_BYTES) {
                ByteBuffer spare = SPARE_BUFFERS.get().poll();
                gathered = spare != null ? spare : ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
            }
            if (gathered != null && length > gathered.remaining()) {
                writeGathered();
            }
            if (gathered != null && length <= gathered.remaining()) {
                gathered.put(chunk);
            } else {
                writeFully(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written += length;
        meter.received(length);
        return true;
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private void writeGathered() throws IOException {
        gathered.flip();
        writeFully(gathered);
        gathered.clear();
    }

    /** Writes what is gathered and gives the buffer back to this thread's spares. */
    private void flushAndRelease() throws IOException {
        if (gathered == null) {
            return;
        }
        try {
            writeGathered();
        } finally {
            java.util.ArrayDeque<ByteBuffer> spares = SPARE_BUFFERS.get();
            if (spares.size() < SPARE_BUFFERS_PER_THREAD) {
                gathered.clear();
                spares.push(gathered);
            }
            gathered = null;
        }
    }

    @Override
    public void onComplete(TransferResult result) {
        try {
            flushAndRelease();
            channel.close();
            if (resumeFrom > 0 && status == 0) {
                keptFromBefore = resumeFrom;
            }
            Files.move(part, download.target(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            sink.error(e);
            return;
        }
        String sha = digest == null ? null : HexFormat.of().formatHex(digest.digest());
        long bytes = alreadyComplete ? keptFromBefore : keptFromBefore + written;
        sink.success(new DownloadResult(
                download,
                download.target(),
                bytes,
                keptFromBefore,
                alreadyComplete ? 200 : result.responseCode(),
                result.timings(),
                sha,
                1,
                null,
                null,
                1,
                java.time.Duration.ZERO));
    }

    @Override
    public void onError(Throwable error) {
        try {
            // What arrived is kept for a resume, so it is written like the rest.
            flushAndRelease();
        } catch (IOException e) {
            error.addSuppressed(e);
        }
        try {
            channel.close();
            // Keep a part file only when it holds something a resume can continue.
            if (discardPart
                    || error instanceof StartOver
                    || !download.resume()
                    || (written == 0 && keptFromBefore == 0 && resumeFrom == 0)) {
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
        if (wireId == 0) {
            wireId = WireLog.nextId();
        }
        WireLog.log(wireId, type, data);
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
