package dev.curlmulti.reactor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Runs one request's tries under a {@link RetryPolicy}: for exchanges (a retried status's body is
 * discarded before the next try) and for downloads. Each try is a new subscription, so a new
 * transfer; the delays run on Reactor's parallel scheduler, not on a loop thread.
 */
final class Retries {
    private Retries() {}

    /** {@code attempt} tried under {@code policy} (once when the policy does not apply to {@code request}). */
    static Mono<CurlResponse> exchange(RetryPolicy policy, CurlRequest request, Supplier<Mono<CurlResponse>> attempt) {
        if (policy == null || !policy.appliesTo(request)) {
            return Mono.defer(attempt);
        }
        return Mono.defer(() -> exchangeTry(policy, attempt, 1, System.nanoTime()));
    }

    private static Mono<CurlResponse> exchangeTry(
            RetryPolicy policy, Supplier<Mono<CurlResponse>> attempt, int number, long firstNanos) {
        return Mono.defer(attempt)
                .flatMap(response -> {
                    if (!policy.retriesStatus(response.status())) {
                        return Mono.just(response);
                    }
                    Duration delay = nextDelay(
                            policy,
                            number,
                            firstNanos,
                            RetryPolicy.retryAfter(response.headers().first("Retry-After")));
                    if (delay == null) {
                        return Mono.just(response);
                    }
                    response.discardBody();
                    return Mono.delay(delay).then(exchangeTry(policy, attempt, number + 1, firstNanos));
                })
                .onErrorResume(error -> retryAfterError(
                        policy, error, number, firstNanos, () -> exchangeTry(policy, attempt, number + 1, firstNanos)));
    }

    /** A download tried under {@code policy}; {@code attempts} counts the tries. */
    static Mono<DownloadResult> download(
            RetryPolicy policy, Supplier<Mono<DownloadResult>> attempt, AtomicInteger attempts) {
        return Mono.defer(() -> downloadTry(policy, attempt, attempts, System.nanoTime()));
    }

    private static Mono<DownloadResult> downloadTry(
            RetryPolicy policy, Supplier<Mono<DownloadResult>> attempt, AtomicInteger attempts, long firstNanos) {
        int number = attempts.incrementAndGet();
        return Mono.defer(attempt)
                .onErrorResume(error -> retryAfterError(
                        policy, error, number, firstNanos, () -> downloadTry(policy, attempt, attempts, firstNanos)));
    }

    private static <T> Mono<T> retryAfterError(
            RetryPolicy policy, Throwable error, int number, long firstNanos, Supplier<Mono<T>> next) {
        if (!policy.retriesError(error)) {
            return Mono.error(error);
        }
        Duration retryAfter = error instanceof HttpStatusException status
                ? RetryPolicy.retryAfter(status.headers().first("Retry-After"))
                : null;
        Duration delay = nextDelay(policy, number, firstNanos, retryAfter);
        return delay == null ? Mono.error(error) : Mono.delay(delay).then(Mono.defer(next));
    }

    /** The delay before the next try, or null when the policy allows no more tries. */
    private static Duration nextDelay(RetryPolicy policy, int triesSoFar, long firstNanos, Duration retryAfter) {
        if (triesSoFar >= policy.maxAttempts()) {
            return null;
        }
        Duration delay = policy.delay(triesSoFar, retryAfter);
        long startsAt = System.nanoTime() + delay.toNanos() - firstNanos;
        return startsAt > policy.maxTotalTime().toNanos() ? null : delay;
    }
}
