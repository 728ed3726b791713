package dev.curlmulti.samples.soak;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * Many requests over keep-alive on one client: after each of {@code points} equal bursts it
 * prints a {@link SoakMeter} row, and at the end it judges the curve flat: the peak of resident
 * memory outside the Java heap in the second half of the run is no more than a fixed allowance
 * over its peak in the first half (the very first point, JIT warm-up and pool growth, is left
 * out), heap after GC likewise, threads and live native objects never grow, and after dispose
 * nothing native is alive. Runs on the caller's thread.
 */
final class KeepAliveSoak {
    /** Growth allowed between the two halves' peaks: allocator and JIT noise, not a leak. */
    static final long RSS_ALLOWANCE = 48L << 20;

    static final long HEAP_ALLOWANCE = 16L << 20;

    record Result(List<SoakMeter> curve, long requests, long failures, double seconds, List<String> problems) {}

    private KeepAliveSoak() {}

    static Result run(String url, int expectedLength, long requests, int points, int concurrency, PrintStream out)
            throws InterruptedException {
        List<SoakMeter> curve = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        AtomicLong wrongLength = new AtomicLong();
        long perPoint = Math.max(1, requests / points);
        long done = 0;
        long start = System.nanoTime();
        out.println(SoakMeter.header());
        CurlClient client = CurlClient.create();
        try {
            while (done < requests) {
                long burst = Math.min(perPoint, requests - done);
                Flux.range(0, (int) burst)
                        .flatMap(
                                i -> client.get(url)
                                        .flatMap(CurlResponse::bodyAsBytes)
                                        .doOnNext(body -> {
                                            if (body.length != expectedLength) {
                                                wrongLength.incrementAndGet();
                                            }
                                        })
                                        .onErrorResume(e -> {
                                            if (failures.getAndIncrement() < 5) {
                                                out.println("request failed: " + e);
                                            }
                                            return reactor.core.publisher.Mono.empty();
                                        }),
                                concurrency)
                        .blockLast(Duration.ofMinutes(10));
                done += burst;
                SoakMeter point = SoakMeter.take(done);
                curve.add(point);
                out.println(point.row());
            }
        } finally {
            client.dispose();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            problems.add(failures.get() + " requests failed");
        }
        if (wrongLength.get() > 0) {
            problems.add(wrongLength.get() + " bodies had the wrong length");
        }
        judge(curve, problems);
        if (!SoakMeter.awaitWithGc(SoakMeter::nothingLive, 10_000)) {
            SoakMeter after = SoakMeter.take(done);
            problems.add("after dispose: " + after.liveNative() + " native objects and " + after.callbackIds()
                    + " callback ids alive");
        }
        return new Result(curve, done, failures.get(), seconds, problems);
    }

    private static long peak(List<SoakMeter> points, java.util.function.ToLongFunction<SoakMeter> value) {
        return points.stream().mapToLong(value).max().orElse(0);
    }

    static void judge(List<SoakMeter> curve, List<String> problems) {
        judge(curve, problems, RSS_ALLOWANCE);
    }

    /** {@link #judge(List, List)} with {@code rssAllowance} for resident memory outside the heap. */
    static void judge(List<SoakMeter> curve, List<String> problems, long rssAllowance) {
        if (curve.size() < 3) {
            return;
        }
        int middle = Math.max(2, curve.size() / 2);
        List<SoakMeter> firstHalf = curve.subList(1, middle);
        List<SoakMeter> secondHalf = curve.subList(middle, curve.size());
        long maxThreads = Math.max(curve.get(0).threads(), curve.get(1).threads());
        long maxNative = Math.max(curve.get(0).liveNative(), curve.get(1).liveNative());
        long outsideGrowth =
                peak(secondHalf, SoakMeter::outsideHeapBytes) - peak(firstHalf, SoakMeter::outsideHeapBytes);
        if (outsideGrowth > rssAllowance) {
            problems.add(String.format(
                    "resident memory outside the heap still growing: second half's peak %.1f MiB"
                            + " over the first half's",
                    outsideGrowth / 1048576.0));
        }
        long heapGrowth = peak(secondHalf, SoakMeter::heapAfterGcBytes) - peak(firstHalf, SoakMeter::heapAfterGcBytes);
        if (heapGrowth > HEAP_ALLOWANCE) {
            problems.add(String.format(
                    "heap after GC still growing: second half's peak %.1f MiB over the first half's",
                    heapGrowth / 1048576.0));
        }
        for (SoakMeter point : curve) {
            if (point.threads() > maxThreads) {
                problems.add("threads grew to " + point.threads() + " at " + point.done());
                break;
            }
        }
        // The handle pool may settle a handle or two above its first size (with several loops a
        // request can start before another's handle is back): a leak shows as the second half
        // still climbing past the first half's peak.
        long nativeGrowth =
                peak(secondHalf, SoakMeter::liveNative) - Math.max(maxNative, peak(firstHalf, SoakMeter::liveNative));
        if (nativeGrowth > 0) {
            problems.add(
                    "live native objects still growing: second half's peak " + nativeGrowth + " over the first half's");
        }
    }
}
