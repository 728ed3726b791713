package dev.curlmulti.reactor;

import dev.curlmulti.core.CurlConnectException;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlProtocolException;
import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.CurlTlsException;
import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.loop.EventLoopClosedException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * When and how often a request is tried again: {@code CurlClient.builder().retry(RetryPolicy.defaults())}.
 * Off unless set. The download batch ({@link CurlClient#batch}) uses the same rules.
 *
 * <p>A request is retried only when its method is in {@link #methods()} (idempotent ones by default:
 * GET, HEAD, OPTIONS, TRACE, PUT, DELETE) and its body can be sent again (none, bytes or a file; a
 * streamed body is sent once). It is retried after a failure that says nothing was answered: no
 * connection (refused, connect timeout, {@link PendingLimitException}), a connection reset or closed
 * before or during the response, a timeout, an HTTP/2 stream error, a failed loop; not after TLS
 * failures or limits ({@code CurlTooLargeException}). And after a response whose status is in
 * {@link #statuses()} (429 and 503 by default), whose body is then discarded; its
 * {@code Retry-After} (seconds or an HTTP date) is honoured as the delay. Otherwise the delay grows
 * exponentially from {@link #firstBackoff()} to {@link #maxBackoff()}, each shortened by a random
 * part up to {@link #jitter()} of it. At most {@link #maxAttempts()} tries in all, and no try starts
 * after {@link #maxTotalTime()} from the first (when a {@code Retry-After} reaches past it, the
 * response is returned as it is). The last failure, or the last response, is what the caller gets.
 *
 * <p>Immutable and thread-safe; each {@code with} method checks its value
 * ({@link IllegalArgumentException}).
 */
public final class RetryPolicy {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private final int maxAttempts;
    private final Duration maxTotalTime;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final Set<String> methods;
    private final Set<Integer> statuses;

    private RetryPolicy(
            int maxAttempts,
            Duration maxTotalTime,
            Duration firstBackoff,
            Duration maxBackoff,
            double jitter,
            Set<String> methods,
            Set<Integer> statuses) {
        this.maxAttempts = maxAttempts;
        this.maxTotalTime = maxTotalTime;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.jitter = jitter;
        this.methods = methods;
        this.statuses = statuses;
    }

    /** 3 attempts within 30 s, backoff 100 ms doubling up to 5 s with 50% jitter, idempotent methods, 429 and 503. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(
                3,
                Duration.ofSeconds(30),
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                0.5,
                IDEMPOTENT,
                Set.of(429, 503));
    }

    /** Tries in all, the first included (1: no retry). */
    public RetryPolicy withMaxAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + attempts);
        }
        return new RetryPolicy(attempts, maxTotalTime, firstBackoff, maxBackoff, jitter, methods, statuses);
    }

    /** No try starts later than this after the first. */
    public RetryPolicy withMaxTotalTime(Duration value) {
        return new RetryPolicy(
                maxAttempts, positive("maxTotalTime", value), firstBackoff, maxBackoff, jitter, methods, statuses);
    }

    /** The first delay and the largest one; each delay doubles the previous. */
    public RetryPolicy withBackoff(Duration first, Duration max) {
        positive("first backoff", first);
        if (positive("max backoff", max).compareTo(first) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is below the first " + first);
        }
        return new RetryPolicy(maxAttempts, maxTotalTime, first, max, jitter, methods, statuses);
    }

    /** The part of each delay (0 to 1) that is random: a delay d becomes between d × (1 - jitter) and d. */
    public RetryPolicy withJitter(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("jitter must be 0 to 1: " + fraction);
        }
        return new RetryPolicy(maxAttempts, maxTotalTime, firstBackoff, maxBackoff, fraction, methods, statuses);
    }

    /** The methods that may be retried (upper case); add POST only for requests the server deduplicates. */
    public RetryPolicy withMethods(String... names) {
        Set<String> set =
                Set.of(names).stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        return new RetryPolicy(maxAttempts, maxTotalTime, firstBackoff, maxBackoff, jitter, set, statuses);
    }

    /** The response statuses that are retried (by default 429 and 503). */
    public RetryPolicy withStatuses(int... codes) {
        Set<Integer> set = IntStream.of(codes)
                .peek(c -> {
                    if (c < 100 || c > 599) {
                        throw new IllegalArgumentException("not an HTTP status: " + c);
                    }
                })
                .boxed()
                .collect(Collectors.toUnmodifiableSet());
        return new RetryPolicy(maxAttempts, maxTotalTime, firstBackoff, maxBackoff, jitter, methods, set);
    }

    /** Tries at most, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Time from the first try after which no retry starts. */
    public Duration maxTotalTime() {
        return maxTotalTime;
    }

    /** The wait before the first retry; it doubles for each next one. */
    public Duration firstBackoff() {
        return firstBackoff;
    }

    /** The longest wait between tries. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The share of each wait chosen at random (0 to 1). */
    public double jitter() {
        return jitter;
    }

    /** The methods retried. */
    public Set<String> methods() {
        return methods;
    }

    /** The response statuses retried. */
    public Set<Integer> statuses() {
        return statuses;
    }

    /** Whether {@code request} may be tried more than once: its method, and a body that can be sent again. */
    public boolean appliesTo(CurlRequest request) {
        return methods.contains(request.method())
                && !(request.body() instanceof RequestBody.Stream)
                && !(request.body() instanceof MultipartBody multipart && multipart.hasPublisherParts());
    }

    /** Whether a response with this status is retried. */
    public boolean retriesStatus(int status) {
        return statuses.contains(status);
    }

    /** Whether a try that failed with {@code error} is retried (see the class comment). */
    public boolean retriesError(Throwable error) {
        if (error instanceof HttpStatusException status) {
            return statuses.contains(status.status());
        }
        if (error instanceof EventLoopClosedException closed) {
            return closed.getCause() != null; // a failed loop is replaced; a closed client stays closed
        }
        if (error instanceof CurlConnectException
                || error instanceof CurlTimeoutException
                || error instanceof PendingLimitException) {
            return true;
        }
        if (error instanceof CurlTlsException || error instanceof CurlTooLargeException) {
            return false; // also when carried by a send/receive code (55, 56): retrying cannot help
        }
        if (error instanceof CurlProtocolException framing && (framing.code() == 55 || framing.code() == 56)) {
            return false; // broken chunked or WebSocket framing: the server would send it again
        }
        if (error instanceof CurlException curl) {
            return switch (curl.code()) {
                case 18, 52, 55, 56, 92 -> true; // partial file, empty reply, send/recv error, HTTP/2 stream
                default -> false;
            };
        }
        return false;
    }

    /**
     * The delay before retry number {@code retry} (1 for the first retry): the server's
     * {@code retryAfter} when given, else the jittered exponential backoff.
     */
    public Duration delay(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter;
        }
        long first = firstBackoff.toNanos();
        long max = maxBackoff.toNanos();
        int shift = Math.min(62, Math.max(0, retry - 1));
        long capped = first > (max >> shift) ? max : first << shift;
        long random = (long) (capped * jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofNanos(capped - random);
    }

    /**
     * A {@code Retry-After} value as a delay from now: delay-seconds or an HTTP date; null when
     * absent or not understood (then the backoff applies).
     */
    public static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(text)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration left = Duration.between(Instant.now(), at);
                return left.isNegative() ? Duration.ZERO : left;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Duration positive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", maxTotalTime=" + maxTotalTime + ", backoff=" + firstBackoff
                + ".." + maxBackoff + ", jitter=" + jitter + ", methods=" + methods + ", statuses=" + statuses + "]";
    }
}
