package dev.curlmulti.reactor;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.HandlePool;
import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;

/**
 * Turns one request into one transfer on the right loop, per subscription: takes a pooled handle,
 * sets the request's options on the subscriber's thread, creates the transfer, lets its handler
 * attach cancellation to it, and only then starts it. A failure before the start closes the handle
 * and errors the subscriber; after it, the transfer's handler ends the subscriber.
 */
final class TransferLauncher {
    private final ClientConfig config;
    private final ClientResources resources;
    private final HandlePool pool;
    private final BooleanSupplier disposed;
    /** The client's pending limits, or null without any. */
    private final PendingGate gate;
    /** Downloads of one file over several connections. */
    private final SegmentStarter segments;

    TransferLauncher(ClientConfig config, ClientResources resources, HandlePool pool, BooleanSupplier disposed) {
        this.config = config;
        this.gate = PendingGate.of(config.get(ClientSettings.CONNECTION_POOL));
        this.resources = resources;
        this.pool = pool;
        this.disposed = disposed;
        this.segments = new SegmentStarter(config, resources, pool, disposed, gate);
    }

    /** The response of {@code request}: one transfer per subscription. */
    Mono<CurlResponse> request(CurlRequest request) {
        return new Mono<CurlResponse>() {
            @Override
            public void subscribe(CoreSubscriber<? super CurlResponse> subscriber) {
                launch(request, subscriber);
            }
        };
    }

    private void launch(CurlRequest asked, CoreSubscriber<? super CurlResponse> subscriber) {
        ObserverCalls observed = config.observers.isEmpty()
                ? null
                : ObserverCalls.start(config.observers, asked, subscriber.currentContext());
        CurlRequest request = observed == null ? asked : observed.request();
        if (disposed.getAsBoolean()) {
            fail(subscriber, observed, new IllegalStateException("this CurlClient is disposed"));
            return;
        }
        if (!enter(subscriber, observed)) {
            return;
        }
        CurlEventLoop loop = resources.loopFor(request);
        ResponseExchange exchange = new ResponseExchange(request, config, loop, subscriber);
        Curl easy = pool.acquire();
        UploadBridge upload;
        Transfer transfer;
        try {
            upload = RequestOptions.apply(easy, request, config) ? new UploadBridge(publisherOf(request.body())) : null;
            MultipartUploads parts =
                    request.body() instanceof MultipartBody multipart ? MultipartUploads.apply(easy, multipart) : null;
            TransferHandler handler = resources.learning(request, Discovery.watch(config, request, exchange));
            TransferHandler tracked = gate == null ? handler : gate.track(handler, loop);
            if (parts != null) {
                tracked = parts.watching(tracked);
            }
            transfer = loop.newTransfer(easy, ProgressReporter.wrap(tracked, request), upload, pool::release);
            if (parts != null) {
                parts.attach(transfer);
            }
        } catch (RuntimeException e) {
            easy.close();
            if (gate != null) {
                gate.leave();
            }
            fail(subscriber, observed, e);
            return;
        }
        exchange.prepare(transfer, upload, observed);
        subscriber.onSubscribe(exchange.responseSubscription());
        transfer.start();
    }

    /** Counts the request pending, or fails it at once when the pending limit is reached. */
    private boolean enter(CoreSubscriber<?> subscriber, ObserverCalls observed) {
        if (gate == null) {
            return true;
        }
        try {
            gate.enter();
            return true;
        } catch (PendingLimitException e) {
            fail(subscriber, observed, e);
            return false;
        }
    }

    private static void fail(CoreSubscriber<?> subscriber, ObserverCalls observed, Throwable error) {
        if (observed != null) {
            observed.end(0, null, error);
        }
        Operators.error(subscriber, error);
    }

    /** The download; a part file the server's answer cannot continue is dropped and it starts over, once. */
    Mono<DownloadResult> downloadStartingOverOnce(DownloadRequest download, DownloadMeter meter) {
        return download(download, meter, false)
                .onErrorResume(FileDownload.StartOver.class, e -> download(download, meter, true));
    }

    /**
     * @param ignorePart start from zero even when a part file exists (after the server could not
     *                   continue it)
     */
    Mono<DownloadResult> download(DownloadRequest download, DownloadMeter meter, boolean ignorePart) {
        if (download.segments() > 1) {
            return Mono.defer(() -> SegmentStarter.continuesOneStream(download, ignorePart)
                    ? oneStream(download, meter, ignorePart)
                    : segments.download(download, meter, ignorePart));
        }
        return oneStream(download, meter, ignorePart);
    }

    private Mono<DownloadResult> oneStream(DownloadRequest download, DownloadMeter meter, boolean ignorePart) {
        return Mono.create(sink -> {
            if (refusedAfterDispose(sink)) {
                return;
            }
            if (gate != null) {
                try {
                    gate.enter();
                } catch (PendingLimitException e) {
                    sink.error(e);
                    return;
                }
            }
            CurlEventLoop loop = resources.loopFor(download.request());
            FileDownload handler;
            Curl easy = pool.acquire();
            Transfer transfer;
            try {
                handler = new FileDownload(download, sink, meter, config, ignorePart);
                RequestOptions.apply(easy, handler.request(), config);
                if (handler.range() != null) {
                    easy.setopt(CurlOpt.RANGE, handler.range());
                }
                TransferHandler learning =
                        resources.learning(download.request(), Discovery.watch(config, download.request(), handler));
                TransferHandler tracked = gate == null ? learning : gate.track(learning, loop);
                transfer =
                        loop.newTransfer(easy, ProgressReporter.wrap(tracked, handler.request()), null, pool::release);
            } catch (RuntimeException e) {
                easy.close();
                if (gate != null) {
                    gate.leave();
                }
                sink.error(e instanceof UncheckedIOException u ? u.getCause() : e);
                return;
            }
            handler.prepare(transfer);
            transfer.start();
        });
    }

    private boolean refusedAfterDispose(MonoSink<?> sink) {
        if (disposed.getAsBoolean()) {
            sink.error(new IllegalStateException("this CurlClient is disposed"));
            return true;
        }
        return false;
    }

    private static Publisher<ByteBuffer> publisherOf(RequestBody body) {
        if (body instanceof RequestBody.Stream stream) {
            return stream.publisher();
        }
        if (body instanceof RequestBody.File file) {
            return fileChunks(file.path());
        }
        throw new IllegalStateException("no streamed body");
    }

    /** The file in 64 KiB buffers, read on a blocking-friendly scheduler, never on the loop thread. */
    static Flux<ByteBuffer> fileChunks(java.nio.file.Path path) {
        return Flux.using(
                        () -> FileChannel.open(path, StandardOpenOption.READ),
                        channel -> Flux.<ByteBuffer>generate(sink -> {
                            try {
                                ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                                int n = channel.read(buffer);
                                if (n < 0) {
                                    sink.complete();
                                } else {
                                    sink.next(buffer.flip());
                                }
                            } catch (IOException e) {
                                sink.error(e);
                            }
                        }),
                        channel -> {
                            try {
                                channel.close();
                            } catch (IOException ignored) {
                                // closing a read-only channel
                            }
                        })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
