package dev.curlmulti.reactor;

import dev.curlmulti.core.CurlConnectException;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.CurlTlsException;
import dev.curlmulti.core.CurlTooLargeException;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many downloads with bounded concurrency: {@link #results()} in completion order (failures are
 * results, the batch goes on), {@link #progress(Duration)} for a progress bar. Subscribe to
 * {@code results()} once to run the batch.
 */
public final class DownloadBatch {
    private final CurlClient client;
    private final Publisher<DownloadRequest> requests;
    private final int concurrency;
    private final int retries;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong active = new AtomicLong();
    private final java.util.Set<DownloadRequest> activeRequests = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long startedAt = System.nanoTime();
    private volatile boolean finished;

    DownloadBatch(CurlClient client, Publisher<DownloadRequest> requests, int concurrency, int retries) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1");
        }
        this.client = client;
        this.requests = requests;
        this.concurrency = concurrency;
        this.retries = retries;
    }

    /** Runs the batch: one result per request, in completion order. */
    public Flux<DownloadResult> results() {
        return Flux.from(requests)
                .doOnSubscribe(s -> startedAt = System.nanoTime())
                .flatMap(this::one, concurrency)
                .doFinally(signal -> finished = true);
    }

    private Mono<DownloadResult> one(DownloadRequest request) {
        AtomicInteger attempts = new AtomicInteger();
        return Mono.defer(() -> {
                    attempts.incrementAndGet();
                    return client.download(request, bytes);
                })
                .retryWhen(Retry.backoff(retries, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
                        .filter(DownloadBatch::isTransient))
                .map(result -> result.withAttempts(attempts.get()))
                .onErrorResume(error -> Mono.just(DownloadResult.failed(request,
                        reactor.core.Exceptions.isRetryExhausted(error) ? error.getCause() : error, attempts.get())))
                .doOnSubscribe(s -> {
                    active.incrementAndGet();
                    activeRequests.add(request);
                })
                .doOnNext(result -> {
                    active.decrementAndGet();
                    activeRequests.remove(request);
                    (result.succeeded() ? done : failed).incrementAndGet();
                });
    }

    /** Errors worth another try: the network or the server had a bad moment. */
    static boolean isTransient(Throwable error) {
        if (error instanceof HttpStatusException status) {
            return status.status() >= 500 || status.status() == 429 || status.status() == 408;
        }
        if (error instanceof CurlConnectException || error instanceof CurlTimeoutException) {
            return true;
        }
        if (error instanceof CurlTlsException || error instanceof CurlTooLargeException) {
            return false; // also when carried by a send/receive code (55, 56): retrying cannot help
        }
        if (error instanceof CurlException curl) {
            return switch (curl.code()) {
                case 18, 52, 55, 56, 92 -> true; // partial file, empty reply, send/recv error, HTTP/2 stream
                default -> false;
            };
        }
        return false;
    }

    /** Snapshots every {@code interval} until the batch ends (then one last snapshot). */
    public Flux<DownloadProgress> progress(Duration interval) {
        long[] last = {0, System.nanoTime()};
        return Flux.interval(interval)
                .map(tick -> snapshot(last))
                .takeUntil(p -> finished)
                .concatWith(Mono.fromSupplier(() -> snapshot(last)));
    }

    private DownloadProgress snapshot(long[] last) {
        long now = System.nanoTime();
        long total = bytes.get();
        double seconds = Math.max(1e-9, (now - last[1]) / 1e9);
        double rate = (total - last[0]) / seconds;
        last[0] = total;
        last[1] = now;
        java.util.List<String> names = activeRequests.size() <= 5
                ? activeRequests.stream().map(r -> r.target().getFileName().toString()).sorted().toList()
                : java.util.List.of();
        return new DownloadProgress(done.get(), failed.get(), active.get(), total, rate, (now - startedAt) / 1_000_000, names);
    }
}
