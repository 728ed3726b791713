package dev.curlmulti.reactor;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.HandlePool;
import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/**
 * Starts segmented downloads and their parts' transfers. A download first continues the parts its
 * progress record lists, when resuming; otherwise it asks for {@code Range: bytes=0-} and lets the
 * answer decide ({@link SegmentProbe}). A part file left by a single-stream attempt (no segments
 * record, but the record of its version) is continued as a single stream, so no byte already
 * fetched is fetched twice.
 *
 * <p><b>Threading:</b> any thread; the handles are configured on the calling thread (the caller's
 * for the first request, the loop's, outside libcurl's callbacks, for the parts the first answer
 * plans). Only the first request of a download counts against the client's pending limit.
 */
final class SegmentStarter {
    private final ClientConfig config;
    private final ClientResources resources;
    private final HandlePool pool;
    private final BooleanSupplier disposed;
    /** The client's pending limits, or null without any. */
    private final PendingGate gate;

    SegmentStarter(
            ClientConfig config,
            ClientResources resources,
            HandlePool pool,
            BooleanSupplier disposed,
            PendingGate gate) {
        this.config = config;
        this.resources = resources;
        this.pool = pool;
        this.disposed = disposed;
        this.gate = gate;
    }

    /**
     * Whether this download continues a single-stream part file instead: resuming, a part file with
     * the record of its version ({@link PartRecord}) and no segments record. A part file with neither
     * record could not be continued anyway, so the file is fetched in segments from zero.
     */
    static boolean continuesOneStream(DownloadRequest download, boolean ignorePart) {
        Path part = FileDownload.partFile(download.target());
        return download.resume()
                && !ignorePart
                && Files.exists(part)
                && Files.exists(PartRecord.of(download.target()))
                && !Files.exists(SegmentRecord.of(download.target()));
    }

    /** The segmented download, one attempt per subscription. */
    Mono<DownloadResult> download(DownloadRequest download, DownloadMeter meter, boolean ignorePart) {
        return Mono.create(sink -> {
            if (disposed.getAsBoolean()) {
                sink.error(new IllegalStateException("this CurlClient is disposed"));
                return;
            }
            SegmentedDownload owner = new SegmentedDownload(download, sink, meter, this);
            sink.onCancel(owner::cancel);
            Path part = FileDownload.partFile(download.target());
            Path record = SegmentRecord.of(download.target());
            try {
                if (download.resume() && !ignorePart && Files.exists(part)) {
                    SegmentPlan recorded = SegmentRecord.read(record, Files.size(part));
                    if (recorded != null) {
                        owner.resume(recorded);
                        return;
                    }
                }
                SegmentRecord.delete(record);
                start(owner, download.request(), "0-", new SegmentProbe(owner, meter, config), true);
            } catch (java.io.IOException e) {
                sink.error(e);
            } catch (RuntimeException e) {
                sink.error(e instanceof java.io.UncheckedIOException u ? u.getCause() : e);
            }
        });
    }

    /**
     * Starts one transfer of {@code owner}: {@code request} with {@code range}, events to
     * {@code handler}. Cancelled at once, but still started (so its handle goes back), when the
     * download has already stopped.
     *
     * @param gated count it against the client's pending limit (the first request only)
     */
    private void start(
            SegmentedDownload owner, CurlRequest request, String range, TransferHandler handler, boolean gated)
            throws PendingLimitException {
        boolean counted = gated && gate != null;
        if (counted) {
            gate.enter();
        }
        CurlEventLoop loop = loopOf(request);
        Curl easy = pool.acquire();
        Transfer transfer;
        try {
            RequestOptions.apply(easy, request, config);
            easy.setopt(CurlOpt.RANGE, range);
            TransferHandler learning = resources.learning(request, Discovery.watch(config, request, handler));
            transfer = loop.newTransfer(easy, counted ? gate.track(learning, loop) : learning, null, pool::release);
        } catch (RuntimeException e) {
            easy.close();
            if (counted) {
                gate.leave();
            }
            throw e;
        }
        owner.track(transfer);
        transfer.start();
    }

    /** Starts a part's transfer (not counted against the pending limit). */
    void start(SegmentedDownload owner, CurlRequest request, String range, TransferHandler handler) {
        try {
            start(owner, request, range, handler, false);
        } catch (PendingLimitException e) {
            throw new IllegalStateException("a part is never counted against the pending limit", e);
        }
    }

    CurlEventLoop loopOf(CurlRequest request) {
        return resources.loopFor(request);
    }

    long sizeLimit(CurlRequest request) {
        return config.maxResponseSize(request);
    }

    boolean timings() {
        return config.get(ClientSettings.TIMINGS);
    }
}
