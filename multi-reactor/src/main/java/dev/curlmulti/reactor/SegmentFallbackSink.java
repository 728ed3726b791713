package dev.curlmulti.reactor;

import java.util.function.LongConsumer;
import reactor.core.Disposable;
import reactor.core.publisher.MonoSink;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The download's sink as the single-stream handler of a segmented download that stayed one stream
 * sees it: its result and error go through; its cancel hook is not installed, because the
 * {@link SegmentedDownload} already cancels every transfer of the download when the subscriber
 * cancels (and a sink takes one cancel hook only). Thread-safe as the sink it wraps.
 */
final class SegmentFallbackSink implements MonoSink<DownloadResult> {
    private final MonoSink<DownloadResult> sink;

    SegmentFallbackSink(MonoSink<DownloadResult> sink) {
        this.sink = sink;
    }

    @Override
    public void success() {
        sink.success();
    }

    @Override
    public void success(DownloadResult value) {
        sink.success(value);
    }

    @Override
    public void error(Throwable error) {
        sink.error(error);
    }

    @Override
    @SuppressWarnings("deprecation")
    public Context currentContext() {
        return sink.currentContext();
    }

    @Override
    public ContextView contextView() {
        return sink.contextView();
    }

    @Override
    public MonoSink<DownloadResult> onRequest(LongConsumer consumer) {
        sink.onRequest(consumer);
        return this;
    }

    @Override
    public MonoSink<DownloadResult> onCancel(Disposable cancel) {
        return this;
    }

    @Override
    public MonoSink<DownloadResult> onDispose(Disposable dispose) {
        return this;
    }
}
