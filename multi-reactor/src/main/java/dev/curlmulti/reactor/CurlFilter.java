package dev.curlmulti.reactor;

import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A client-wide filter around every exchange, in the shape of Spring's
 * {@code ExchangeFilterFunction}: it may change the request, look at or replace the response, and
 * map errors, for example to sign requests or to refresh a token and try once more on a 401:
 *
 * <pre>{@code
 * CurlFilter auth = (request, next) -> next.exchange(signed(request)).flatMap(response -> {
 *     if (response.status() != 401) return Mono.just(response);
 *     response.discardBody();
 *     return tokens.refresh().then(Mono.defer(() -> next.exchange(signed(request))));
 * });
 * CurlClient client = CurlClient.builder().filter(auth).build();
 * }</pre>
 *
 * <p>Filters run in the order added, the first outermost; with a {@link RetryPolicy} every attempt
 * goes through them. A filter that throws, or whose Mono fails, fails only its own request.
 * Downloads ({@link CurlClient#download}) go through the filters made with {@link #ofRequest}, which
 * change the request only; other filters see exchanges, whose responses downloads do not have.
 *
 * <p><b>Threading:</b> called on the subscriber's thread for each subscription; the response
 * arrives on a loop thread, which must not be blocked.
 */
@FunctionalInterface
public interface CurlFilter {
    /** Exchanges {@code request} through {@code next} (the rest of the chain), or not. */
    Mono<CurlResponse> filter(CurlRequest request, Exchange next);

    /** The rest of a filter chain. */
    @FunctionalInterface
    interface Exchange {
        /** Sends {@code request} through the remaining filters and then libcurl. */
        Mono<CurlResponse> exchange(CurlRequest request);
    }

    /** A filter that only changes the request (also applied to downloads), for example to add a signature header. */
    static CurlFilter ofRequest(Function<CurlRequest, Mono<CurlRequest>> change) {
        return new RequestChange(Objects.requireNonNull(change, "change"));
    }

    /** The filter {@link #ofRequest} makes: downloads apply its change too. */
    record RequestChange(Function<CurlRequest, Mono<CurlRequest>> change) implements CurlFilter {
        @Override
        public Mono<CurlResponse> filter(CurlRequest request, Exchange next) {
            return apply(request).flatMap(next::exchange);
        }

        /** The changed request (a null from the function is an error). */
        Mono<CurlRequest> apply(CurlRequest request) {
            return Mono.defer(() -> change.apply(request));
        }
    }
}
