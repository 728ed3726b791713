package dev.curlmulti.bench.clients;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.LongAdder;

/**
 * The JDK's {@code java.net.http.HttpClient} with its defaults, bodies counted by a
 * {@link Flow.Subscriber} (no copy), concurrency bounded by a semaphore.
 */
final class JdkClient implements BenchClient {
    private final HttpClient http1;
    private final HttpClient http2;
    private final List<CompletableFuture<?>> held = new ArrayList<>();

    JdkClient(Path caPem) throws Exception {
        http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        http2 = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(Trust.sslContext(caPem))
                .build();
    }

    @Override
    public long fetch(String url, int requests, int concurrency, boolean useHttp2) throws Exception {
        HttpClient client = useHttp2 ? http2 : http1;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        RequestWindow run = new RequestWindow(requests, concurrency);
        for (int i = 0; i < requests && run.acquire(); i++) {
            client.sendAsync(
                            request,
                            info -> HttpResponse.BodySubscribers.fromSubscriber(new Counter(run.bytes(), null)))
                    .whenComplete(
                            (response, error) -> run.finished(error, response == null ? 0 : response.statusCode()));
        }
        return run.await();
    }

    @Override
    public void hold(String url, int transfers) throws Exception {
        HeldTransfers state = new HeldTransfers(transfers);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        for (int i = 0; i < transfers; i++) {
            held.add(http1.sendAsync(
                            request,
                            info -> HttpResponse.BodySubscribers.fromSubscriber(new Counter(new LongAdder(), state)))
                    .whenComplete((response, error) -> {
                        if (error != null && !state.hasFailed()) {
                            state.failed(error);
                        }
                    }));
        }
        state.awaitAllStarted();
    }

    @Override
    public void releaseHeld() {
        // Cancelling the response future does not stop the exchange; the subscriptions do.
        Counter.cancelAll();
        held.clear();
    }

    @Override
    public void close() {
        releaseHeld();
    }

    /** Counts body bytes; when holding, reports the first ones and keeps its subscription to cancel. */
    private static final class Counter implements Flow.Subscriber<List<ByteBuffer>> {
        private static final List<Flow.Subscription> HELD = new ArrayList<>();
        private final LongAdder bytes;
        private final HeldTransfers held;
        private boolean first = true;

        Counter(LongAdder bytes, HeldTransfers held) {
            this.bytes = bytes;
            this.held = held;
        }

        static void cancelAll() {
            synchronized (HELD) {
                HELD.forEach(Flow.Subscription::cancel);
                HELD.clear();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            if (held != null) {
                synchronized (HELD) {
                    HELD.add(subscription);
                }
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                bytes.add(buffer.remaining());
            }
            if (held != null && first) {
                first = false;
                held.started();
            }
        }

        @Override
        public void onError(Throwable error) {
            if (held != null) {
                held.failed(error);
            }
        }

        @Override
        public void onComplete() {}
    }
}
