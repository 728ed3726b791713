package dev.curlmulti.samples.soak;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import dev.curlmulti.reactor.PendingLimitException;
import dev.curlmulti.reactor.RetryPolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Overload ({@code bin/soak overload N}, {@code flaky N}): requests offered faster than the server
 * answers, against limits, and a server that goes away and comes back. Every request must end,
 * completed or failed with a typed exception ({@link CurlException} or a subtype) within its limits;
 * none may be lost; memory, threads and native objects must stay flat ({@link KeepAliveSoak#judge}).
 */
final class OverloadSoak {
    /** Total timeout of each overload request: what a stalled response ends with. */
    static final Duration TOTAL = Duration.ofMillis(250);

    static final Duration PENDING = Duration.ofMillis(100);
    /** A request must end within its limits plus this (scheduling on a busy 2-core machine). */
    static final Duration SLACK = Duration.ofSeconds(2);

    record Result(
            List<SoakMeter> curve,
            long requests,
            Map<String, Long> outcomes,
            Duration slowest,
            double seconds,
            List<String> problems) {}

    private OverloadSoak() {}

    /**
     * {@code requests} offered with up to 1,024 outstanding to a client with 2 × 32 connections, at
     * most 256 pending for 100 ms, a 250 ms total timeout; a third of them to a response nginx sends at
     * 1 byte/s, so they stall until the timeout.
     */
    static Result overload(String fastUrl, String stallUrl, long requests, int points, PrintStream out)
            throws InterruptedException {
        CurlClient client = CurlClient.builder()
                .loops(2)
                .maxConnections(32)
                .totalTimeout(TOTAL)
                .connectionPool(p -> p.withMaxPendingRequests(256).withPendingTimeout(PENDING))
                .build();
        return drive(
                client,
                i -> i % 3 == 2 ? stallUrl : fastUrl,
                requests,
                points,
                1024,
                null,
                out,
                TOTAL.plus(PENDING).plus(SLACK));
    }

    /**
     * {@code requests} with 64 outstanding through a relay that goes away for 500 ms every 2 s and
     * comes back on the same port; the client retries connection failures (3 attempts).
     */
    static Result flaky(int nginxPort, String path, long requests, int points, PrintStream out) throws Exception {
        try (FlakyGate gate = new FlakyGate(nginxPort)) {
            String url = "http://127.0.0.1:" + gate.port() + "/" + path;
            RetryPolicy retry = RetryPolicy.defaults().withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
            CurlClient client = CurlClient.builder()
                    .loops(2)
                    .maxConnections(32)
                    .totalTimeout(Duration.ofSeconds(5))
                    .connectionPool(p -> p.withMaxPendingRequests(512).withPendingTimeout(Duration.ofSeconds(2)))
                    .retry(retry)
                    .build();
            Thread toggler = new Thread(() -> toggle(gate), "flaky-gate-toggle");
            toggler.setDaemon(true);
            toggler.start();
            try {
                return drive(
                        client,
                        i -> url,
                        requests,
                        points,
                        64,
                        gate,
                        out,
                        Duration.ofSeconds(5).multipliedBy(3).plus(SLACK));
            } finally {
                toggler.interrupt();
                toggler.join();
            }
        }
    }

    private static void toggle(FlakyGate gate) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1_500);
                gate.goAway();
                Thread.sleep(500);
                gate.comeBack();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("the gate could not come back", e);
        }
    }

    private static Result drive(
            CurlClient client,
            java.util.function.LongFunction<String> urls,
            long requests,
            int points,
            int outstanding,
            FlakyGate gate,
            PrintStream out,
            Duration limit)
            throws InterruptedException {
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        AtomicLong slowest = new AtomicLong();
        List<SoakMeter> curve = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long perPoint = Math.max(1, requests / points);
        long done = 0;
        long start = System.nanoTime();
        out.println(SoakMeter.header());
        try {
            while (done < requests) {
                long burst = Math.min(perPoint, requests - done);
                long first = done;
                Long ended = Flux.range(0, (int) burst)
                        .flatMap(i -> one(client, urls.apply(first + i), outcomes, slowest), outstanding)
                        .count()
                        .block(Duration.ofMinutes(10));
                if (ended == null || ended != burst) {
                    problems.add("requests lost: " + burst + " offered, " + ended + " ended");
                }
                done += burst;
                SoakMeter point = SoakMeter.take(done);
                curve.add(point);
                out.println(point.row());
            }
        } finally {
            client.dispose();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((kind, count) -> counts.put(kind, count.sum()));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (total != done) {
            problems.add("outcomes counted " + total + " of " + done + " requests");
        }
        counts.keySet().stream()
                .filter(kind -> kind.startsWith("untyped"))
                .forEach(kind -> problems.add(kind + ": " + counts.get(kind)));
        if (counts.getOrDefault("completed", 0L) == 0) {
            problems.add("no request completed");
        }
        Duration worst = Duration.ofNanos(slowest.get());
        if (worst.compareTo(limit) > 0) {
            problems.add("a request took " + worst.toMillis() + " ms, over its limits (" + limit.toMillis() + " ms)");
        }
        // Through the relay, its own threads (two per connection, coming and going with every
        // outage) dominate threads and resident memory: only heap and native objects are judged there.
        if (gate == null) {
            KeepAliveSoak.judge(curve, problems);
        } else {
            KeepAliveSoak.judge(withoutRelayThreads(curve), problems, Long.MAX_VALUE);
        }
        if (!SoakMeter.awaitWithGc(SoakMeter::nothingLive, 10_000)) {
            problems.add("after dispose: native objects or callback ids still alive");
        }
        return new Result(curve, done, counts, worst, seconds, problems);
    }

    private static Mono<Object> one(
            CurlClient client, String url, Map<String, LongAdder> outcomes, AtomicLong slowest) {
        long[] startedAt = new long[1];
        return client.get(url)
                .flatMap(CurlResponse::bodyAsBytes)
                .<Object>map(body -> count(outcomes, "completed"))
                .onErrorResume(e -> Mono.just(count(outcomes, kind(e))))
                .doOnSubscribe(s -> startedAt[0] = System.nanoTime())
                .doOnTerminate(() -> slowest.accumulateAndGet(System.nanoTime() - startedAt[0], Math::max));
    }

    private static String count(Map<String, LongAdder> outcomes, String kind) {
        outcomes.computeIfAbsent(kind, k -> new LongAdder()).increment();
        return kind;
    }

    private static String kind(Throwable e) {
        if (e instanceof PendingLimitException pending) {
            return "PendingLimitException " + pending.limit();
        }
        if (e instanceof CurlException curl) {
            return curl.getClass().getSimpleName() + " (" + curl.code() + ")";
        }
        return "untyped " + e.getClass().getName();
    }

    /** The relay's own threads come and go with its connections: leave them out of the thread count. */
    private static List<SoakMeter> withoutRelayThreads(List<SoakMeter> curve) {
        List<SoakMeter> adjusted = new ArrayList<>();
        for (SoakMeter point : curve) {
            adjusted.add(new SoakMeter(
                    point.done(),
                    point.rssBytes(),
                    point.heapCommittedBytes(),
                    point.heapAfterGcBytes(),
                    0,
                    point.liveNative(),
                    point.callbackIds()));
        }
        return adjusted;
    }
}
