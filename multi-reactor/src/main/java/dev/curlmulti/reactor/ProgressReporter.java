package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferResult;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reports one transfer's {@link Progress} to a request's listener: asks the loop for libcurl's
 * transfer-info callback, passes on at most one of its calls per interval (the first at once), and
 * one last event when the transfer succeeds, before the handler it wraps hears of the end. Loop thread
 * only, like every handler; the listener runs there too. What the listener throws ends this transfer
 * with that exception (from a progress call through the core's callback path, from the last event here).
 */
final class ProgressReporter extends ForwardingTransferHandler {
    private final Watch watch;
    private long startNanos;
    private long lastNanos;
    private boolean reported;

    /** A request's listener and its interval; immutable, shared by every send of the request. */
    record Watch(long intervalNanos, Consumer<? super Progress> listener) {
        Watch {
            Objects.requireNonNull(listener, "listener");
            if (intervalNanos < 0) {
                throw new IllegalArgumentException("negative progress interval");
            }
        }

        static Watch of(Duration interval, Consumer<? super Progress> listener) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("negative progress interval: " + interval);
            }
            long nanos = interval.compareTo(Duration.ofDays(1)) > 0
                    ? Duration.ofDays(1).toNanos()
                    : interval.toNanos();
            return new Watch(nanos, listener);
        }
    }

    private ProgressReporter(TransferHandler inner, Watch watch) {
        super(inner);
        this.watch = watch;
    }

    /** {@code handler} reporting to the request's listener, or {@code handler} itself when it has none. */
    static TransferHandler wrap(TransferHandler handler, CurlRequest request) {
        Watch watch = request.progressWatch();
        return watch == null ? handler : new ProgressReporter(handler, watch);
    }

    @Override
    public void onStart(Transfer transfer) {
        startNanos = System.nanoTime();
        inner.onStart(transfer);
    }

    @Override
    public boolean wantsProgress() {
        return true;
    }

    @Override
    public void onProgress(long downloadTotal, long downloaded, long uploadTotal, long uploaded) {
        inner.onProgress(downloadTotal, downloaded, uploadTotal, uploaded);
        long now = System.nanoTime();
        if (reported && now - lastNanos < watch.intervalNanos) {
            return;
        }
        reported = true;
        lastNanos = now;
        // libcurl says 0 for "not known"; a declared empty body is indistinguishable until the end.
        watch.listener.accept(new Progress(
                downloaded,
                downloadTotal > 0 ? downloadTotal : -1,
                uploaded,
                uploadTotal > 0 ? uploadTotal : -1,
                Duration.ofNanos(now - startNanos),
                false));
    }

    @Override
    public void onComplete(TransferResult result) {
        long down = result.bytesDownloaded();
        long up = result.bytesUploaded();
        try {
            watch.listener.accept(
                    new Progress(down, down, up, up, Duration.ofNanos(System.nanoTime() - startNanos), true));
        } catch (Throwable e) {
            reactor.core.Exceptions.throwIfJvmFatal(e);
            inner.onError(e);
            return;
        }
        inner.onComplete(result);
    }
}
