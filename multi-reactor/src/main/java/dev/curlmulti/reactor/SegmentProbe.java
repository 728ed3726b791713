package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.loop.TransferResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The first connection of a segmented download, which asked for {@code Range: bytes=0-}. Its head
 * decides: a file the server serves in ranges, large enough, becomes a plan whose first part this
 * connection fetches ({@link SegmentPart}); anything else (a {@code 200}, an error status, no
 * validators, a small file) stays one stream, handled by a {@link FileDownload} exactly as a
 * single-stream download, on this same connection: no request is wasted.
 *
 * <p><b>Threading:</b> a {@link TransferHandler}, loop thread only.
 */
final class SegmentProbe implements TransferHandler {
    private final SegmentedDownload owner;
    private final DownloadMeter meter;
    private final ClientConfig config;
    private Transfer transfer;
    /** Where the events go once the head has decided; null before. */
    private TransferHandler next;
    /** The file is empty (a 416 for {@code bytes *}{@code /0}): nothing to fetch, nothing to split. */
    private boolean empty;
    /** This connection's number in the wire log, 0 until it logs. */
    private long wireId;

    SegmentProbe(SegmentedDownload owner, DownloadMeter meter, ClientConfig config) {
        this.owner = owner;
        this.meter = meter;
        this.config = config;
    }

    @Override
    public void onStart(Transfer started) {
        transfer = started;
    }

    @Override
    public void onHead(TransferHead head) {
        if (head.status() == 416 && "bytes */0".equals(head.headers().first("Content-Range"))) {
            empty = true;
            return;
        }
        if (head.status() == 206 && !wholeFile(head)) {
            // A server may answer with less than asked; one stream of it would look complete.
            throw new UncheckedIOException(new IOException("asked for the whole file, the server sent "
                    + head.headers().first("Content-Range")));
        }
        SegmentPart first = owner.split(transfer, head);
        if (first != null) {
            next = first;
            return;
        }
        // The part file is opened fresh: a part file worth continuing would have taken the
        // single-stream path before this request.
        FileDownload single = new FileDownload(owner.download(), owner.oneStreamSink(), meter, config, true);
        single.prepare(transfer);
        next = single;
        single.onHead(head);
    }

    private static boolean wholeFile(TransferHead head) {
        long[] range = SegmentHeads.contentRange(head);
        return range != null && range[0] == 0 && range[1] == range[2] - 1;
    }

    @Override
    public boolean onData(ByteBuffer chunk) {
        return next == null || next.onData(chunk);
    }

    @Override
    public void onComplete(TransferResult result) {
        if (empty) {
            owner.emptyFile(result);
        } else if (next != null) {
            next.onComplete(result);
        } else {
            owner.failedBeforeHead(new IOException("the response ended without a head"));
        }
    }

    @Override
    public void onError(Throwable error) {
        if (next != null) {
            next.onError(error);
        } else {
            owner.failedBeforeHead(error);
        }
    }

    @Override
    public void onDebug(int type, ByteBuffer data) {
        wireId = WireLog.log(wireId, type, data);
    }

    @Override
    public boolean wantsTimings() {
        return owner.wantsTimings();
    }
}
