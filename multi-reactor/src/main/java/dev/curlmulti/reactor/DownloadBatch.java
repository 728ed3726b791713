package dev.curlmulti.reactor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Many downloads with bounded concurrency: {@link #results()} in completion order (failures are
 * results, the batch goes on), {@link #progress(Duration)} for a progress bar. Subscribe to
 * {@code results()} once to run the batch. Each download is tried under the batch's
 * {@link RetryPolicy} (the same rules as the client's {@code retry}; {@link #policy(int)} by default).
 *
 * <p><b>Limits</b> ({@link DownloadLimits}): with a per-host bound, requests are read ahead (up to
 * {@value #LOOKAHEAD} waiting) into one queue per host; a download starts when its host has a free
 * slot and then the batch has one, in the order asked, so downloads waiting for a busy host never
 * keep other hosts' downloads from starting, and no thread waits. The rate limits are token buckets
 * shared by the batch's transfers ({@link BatchRates}): a chunk over the budget pauses its transfer
 * until the budget grants it. A paused transfer's time counts against the client's
 * {@code totalTimeout} ({@code CURLOPT_TIMEOUT_MS}, unset by default), the one client timeout that
 * applies to a download's body: with a rate limit, leave it unset or size it for the limited rate.
 */
public final class DownloadBatch {
    /** Requests read ahead of the running downloads, at most, while they wait for their host's slot. */
    static final int LOOKAHEAD = 4096;

    private final CurlClient client;
    private final Publisher<DownloadRequest> requests;
    private final int concurrency;
    private final DownloadLimits limits;
    private final RetryPolicy policy;
    private final AtomicLong bytes = new AtomicLong();
    private final BatchRates rates;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong active = new AtomicLong();
    private final java.util.Set<DownloadRequest> activeRequests = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long startedAt = System.nanoTime();
    private volatile boolean finished;

    DownloadBatch(CurlClient client, Publisher<DownloadRequest> requests, DownloadLimits limits, RetryPolicy policy) {
        this.client = client;
        this.requests = requests;
        this.limits = limits;
        this.concurrency = limits.concurrency();
        this.policy = policy;
        this.rates = new BatchRates(limits, bytes);
    }

    /** Runs the batch: one result per request, in completion order. */
    public Flux<DownloadResult> results() {
        Flux<DownloadRequest> source = Flux.from(requests).doOnSubscribe(s -> startedAt = System.nanoTime());
        Flux<DownloadResult> results = limits.perHost() == 0 || limits.perHost() >= concurrency
                ? source.flatMap(this::one, concurrency)
                : perHost(source);
        return results.doFinally(signal -> finished = true);
    }

    /**
     * A queue per host, each running at most {@code perHost} downloads; each of those waits for one
     * of the batch's {@code concurrency} slots, so only downloads that could run hold a slot.
     */
    private Flux<DownloadResult> perHost(Flux<DownloadRequest> source) {
        DownloadSlots slots = new DownloadSlots(concurrency);
        return source.groupBy(request -> HostKey.of(request.request().uri()), LOOKAHEAD)
                .flatMap(host -> host.flatMap(request -> slots.run(one(request)), limits.perHost()), Integer.MAX_VALUE);
    }

    /**
     * The batch's policy for {@code retries} retries: {@link RetryPolicy#defaults()} with
     * {@code retries + 1} attempts, backoff from 200 ms to 5 s, and the statuses a server returns
     * for a bad moment (408, 429, 500, 502, 503, 504) also retried; a part file is resumed.
     */
    public static RetryPolicy policy(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0: " + retries);
        }
        return RetryPolicy.defaults()
                .withMaxAttempts(retries + 1)
                .withMaxTotalTime(Duration.ofHours(1))
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .withStatuses(408, 429, 500, 502, 503, 504);
    }

    private Mono<DownloadResult> one(DownloadRequest request) {
        AtomicInteger attempts = new AtomicInteger();
        // One meter for the whole download (every attempt), closed when it ends however it ends.
        Mono<DownloadResult> download = Mono.using(
                () -> rates.meter(request),
                meter -> client.download(request, meter, policy, attempts),
                BatchMeter::close);
        return RequestPipeline.settled(download, request, attempts)
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

    /** The batch's rate budgets (for tests). */
    List<RateBudget> budgets() {
        return rates.budgets();
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
                ? activeRequests.stream()
                        .map(r -> r.target().getFileName().toString())
                        .sorted()
                        .toList()
                : java.util.List.of();
        return new DownloadProgress(
                done.get(), failed.get(), active.get(), total, rate, (now - startedAt) / 1_000_000, names);
    }
}
