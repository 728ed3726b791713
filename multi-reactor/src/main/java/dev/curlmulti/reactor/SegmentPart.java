package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.loop.TransferResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

/**
 * One connection of a segmented download: checks that its response is the asked range of the
 * planned version of the file, and writes the body in place into the shared part file (positional
 * writes from libcurl's buffer, gathered into a reused direct buffer: no heap copy). It never
 * writes past its part: a response that goes on (the first connection asked for the whole file)
 * is cut there. Each chunk is admitted by the download's {@link DownloadMeter} before it is taken.
 *
 * <p><b>Threading:</b> a {@link TransferHandler}, loop thread only. It reports its end to the
 * {@link SegmentedDownload}, which owns the channel.
 */
final class SegmentPart implements TransferHandler {
    private static final int WRITE_BUFFER_BYTES = 128 * 1024;
    private static final int SPARE_BUFFERS_PER_THREAD = 32;
    private static final ThreadLocal<ArrayDeque<ByteBuffer>> SPARE_BUFFERS = ThreadLocal.withInitial(ArrayDeque::new);

    private final SegmentedDownload owner;
    private final SegmentPlan.Part part;
    private final FileChannel channel;
    private final DownloadMeter meter;
    /** The head was already checked (the first connection's, by the plan). */
    private final boolean headChecked;

    private Transfer transfer;
    /** Bytes taken: on disk plus gathered. */
    private long taken;
    /** The response carries bytes past this part's end, so the transfer is cut at the end. */
    private boolean cutAtEnd;

    private boolean ended;
    private ByteBuffer gathered;
    /** This connection's number in the wire log, 0 until it logs. */
    private long wireId;

    SegmentPart(
            SegmentedDownload owner,
            SegmentPlan.Part part,
            FileChannel channel,
            DownloadMeter meter,
            Transfer transfer,
            boolean headChecked) {
        this.owner = owner;
        this.part = part;
        this.channel = channel;
        this.meter = meter;
        this.transfer = transfer;
        this.headChecked = headChecked;
        this.taken = part.written;
        this.cutAtEnd = headChecked;
    }

    @Override
    public void onStart(Transfer started) {
        transfer = started;
    }

    @Override
    public void onHead(TransferHead head) {
        if (headChecked) {
            return;
        }
        long[] range = SegmentHeads.checkPart(head, part, owner.plan(), owner.request());
        cutAtEnd = range[1] > part.end;
    }

    @Override
    public boolean onData(ByteBuffer chunk) {
        if (ended) {
            return true;
        }
        int length = (int) Math.min(chunk.remaining(), part.size() - taken);
        if (!meter.admit(transfer, length)) {
            return false;
        }
        ByteBuffer bytes = chunk.duplicate();
        bytes.limit(bytes.position() + length);
        try {
            if (gathered == null) {
                ByteBuffer spare = SPARE_BUFFERS.get().poll();
                gathered = spare != null ? spare : ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
            }
            if (length > gathered.remaining()) {
                flush();
            }
            if (length <= gathered.remaining()) {
                gathered.put(bytes);
            } else {
                write(bytes);
            }
            taken += length;
            meter.received(length);
            if (taken == part.size()) {
                flush();
                ended = true;
                if (cutAtEnd) {
                    // The engine lets this cancel win even when it comes with the last chunk.
                    transfer.cancel(new PartEnd());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        owner.progressed();
        return true;
    }

    /** Writes what is gathered and counts it as on disk. */
    private void flush() throws IOException {
        if (gathered == null || gathered.position() == 0) {
            return;
        }
        gathered.flip();
        write(gathered);
        gathered.clear();
    }

    private void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            part.written += channel.write(bytes, part.next());
        }
    }

    /** Flushes and gives the buffer back to this thread's spares; a failure is added to {@code error}. */
    private void release(Throwable error) {
        try {
            flush();
        } catch (IOException e) {
            if (error != null) {
                error.addSuppressed(e);
            }
        } finally {
            if (gathered != null) {
                ArrayDeque<ByteBuffer> spares = SPARE_BUFFERS.get();
                if (spares.size() < SPARE_BUFFERS_PER_THREAD) {
                    gathered.clear();
                    spares.push(gathered);
                }
                gathered = null;
            }
        }
    }

    @Override
    public void onComplete(TransferResult result) {
        release(null);
        if (part.complete()) {
            owner.partEnded(result, null);
        } else {
            owner.partEnded(
                    result,
                    new IOException("the server ended part " + part.index + " after " + part.written + " of "
                            + part.size() + " bytes"));
        }
    }

    @Override
    public void onError(Throwable error) {
        release(error);
        if (error instanceof PartEnd && part.complete()) {
            owner.partEnded(null, null);
        } else {
            owner.partEnded(null, error);
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

    /** Ends a response that goes on past its part: not an error. */
    static final class PartEnd extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PartEnd() {
            super("part complete", null, false, false);
        }
    }
}
