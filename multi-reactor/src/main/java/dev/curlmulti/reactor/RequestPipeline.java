package dev.curlmulti.reactor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * What a request goes through before and around its transfer: the client's {@link CurlFilter}s
 * (first added outermost) and, around them all, its {@link RetryPolicy}, so every try passes the
 * filters again. Downloads get the request-changing filters and the same retry policy.
 */
final class RequestPipeline {
    private final TransferLauncher launcher;
    private final RetryPolicy retry;
    private final CurlFilter.Exchange chain;
    private final List<CurlFilter.RequestChange> requestChanges = new ArrayList<>();

    RequestPipeline(ClientConfig config, TransferLauncher launcher) {
        this.launcher = launcher;
        this.retry = config.get(ClientSettings.RETRY);
        CurlFilter.Exchange next = launcher::request;
        if (config.cookieHandler != null) {
            next = CookieHandlerExchange.around(next, config.cookieHandler); // innermost: sees every try
        }
        for (int i = config.filters.size() - 1; i >= 0; i--) {
            CurlFilter filter = config.filters.get(i);
            CurlFilter.Exchange inner = next;
            // defer: a filter that throws (or returns null) fails its own request, nothing else
            next = request -> Mono.defer(() -> filter.filter(request, inner));
        }
        this.chain = next;
        for (CurlFilter filter : config.filters) {
            if (filter instanceof CurlFilter.RequestChange change) {
                requestChanges.add(change);
            }
        }
        if (config.cookieHandler != null) {
            requestChanges.add(CookieHandlerExchange.forDownloads(config.cookieHandler));
        }
    }

    /** The response to {@code request}, through the filters, tried as the retry policy says. */
    Mono<CurlResponse> exchange(CurlRequest request) {
        return Retries.exchange(retry, request, () -> chain.exchange(request));
    }

    /**
     * A download through the request-changing filters and its conditions, tried under
     * {@code policy} (the client's when null; once when the client has none); {@code attempts}
     * counts the tries. The result carries {@code download} as given and the time from the first
     * try's start to its end, for single and segmented downloads alike.
     */
    Mono<DownloadResult> download(
            DownloadRequest download, DownloadMeter meter, RetryPolicy policy, AtomicInteger attempts) {
        RetryPolicy effective = policy != null ? policy : retry;
        Mono<DownloadResult> once = Mono.defer(() -> changed(download)
                .map(ConditionalDownload::withConditions)
                .flatMap(ready -> launcher.downloadStartingOverOnce(ready, meter))
                .flatMap(ConditionalDownload::verified));
        Mono<DownloadResult> tried;
        if (effective == null || !effective.appliesTo(download.request())) {
            tried = Mono.defer(() -> {
                attempts.incrementAndGet();
                return once;
            });
        } else {
            tried = Retries.download(effective, () -> once, attempts);
        }
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return tried.map(
                    result -> result.withRequest(download).withElapsed(Duration.ofNanos(System.nanoTime() - start)));
        });
    }

    /**
     * {@code download} for a batch that goes on after a failure: its result with the tries
     * {@code attempts} counted, or, when it fails, a failed result with them and the time from the
     * subscription to the failure.
     */
    static Mono<DownloadResult> settled(
            Mono<DownloadResult> download, DownloadRequest request, AtomicInteger attempts) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return download.map(result -> result.withAttempts(attempts.get()))
                    .onErrorResume(error -> Mono.just(DownloadResult.failed(
                            request, error, attempts.get(), Duration.ofNanos(System.nanoTime() - start))));
        });
    }

    private Mono<DownloadRequest> changed(DownloadRequest download) {
        Mono<CurlRequest> request = Mono.just(download.request());
        for (CurlFilter.RequestChange change : requestChanges) {
            request = request.flatMap(change::apply);
        }
        return request.map(r -> r == download.request() ? download : download.withRequest(r));
    }
}
