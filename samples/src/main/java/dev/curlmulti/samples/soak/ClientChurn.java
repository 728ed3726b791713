package dev.curlmulti.samples.soak;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients created, used for one request and disposed, over and over. Threads and the library's
 * live native objects (libcurl handles, callback ids) must come back to the baseline taken after a
 * short warm-up after every client. Resident memory outside the Java heap must level off: the JVM
 * itself grows for a while (JIT compiler arenas; measured with native memory tracking), so the
 * check is that the second half of the run peaks no more than an allowance over the first half,
 * which a leak of a few KiB per client would exceed. Runs on the caller's thread.
 */
final class ClientChurn {
    static final long RSS_ALLOWANCE = 32L << 20;

    record Result(int clients, List<SoakMeter> curve, SoakMeter baseline, double seconds, List<String> problems) {}

    private ClientChurn() {}

    static Result run(String url, int clients, int points, PrintStream out) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            useOnce(url);
        }
        SoakMeter.awaitWithGc(SoakMeter::nothingLive, 5_000);
        awaitSteadyThreadCount();
        SoakMeter baseline = SoakMeter.take(0);
        out.println(SoakMeter.header());
        out.println(baseline.row() + "   (baseline after 5 warm-up clients)");
        List<SoakMeter> curve = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int perPoint = Math.max(1, clients / points);
        long start = System.nanoTime();
        for (int i = 1; i <= clients; i++) {
            int length = useOnce(url);
            if (length <= 0) {
                problems.add("client " + i + " got an empty body");
            }
            if (i % perPoint == 0 || i == clients) {
                // Loop threads end a moment after dispose; give them that moment.
                SoakMeter.awaitWithGc(() -> threadCount() <= baseline.threads() && SoakMeter.nothingLive(), 5_000);
                SoakMeter point = SoakMeter.take(i);
                curve.add(point);
                out.println(point.row());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        SoakMeter last = curve.get(curve.size() - 1);
        if (last.threads() > baseline.threads()) {
            problems.add("threads: " + last.threads() + " after, " + baseline.threads() + " at baseline");
        }
        if (last.liveNative() != 0 || last.callbackIds() != 0) {
            problems.add(last.liveNative() + " native objects and " + last.callbackIds()
                    + " callback ids alive after the last dispose");
        }
        int middle = Math.max(1, curve.size() / 2);
        long firstHalfPeak = curve.subList(0, middle).stream()
                .mapToLong(SoakMeter::outsideHeapBytes)
                .max()
                .orElseThrow();
        long secondHalfPeak = curve.subList(middle, curve.size()).stream()
                .mapToLong(SoakMeter::outsideHeapBytes)
                .max()
                .orElse(0);
        if (secondHalfPeak - firstHalfPeak > RSS_ALLOWANCE) {
            problems.add(String.format(
                    "resident memory outside the heap still growing: %.1f MiB" + " over the first half's peak",
                    (secondHalfPeak - firstHalfPeak) / 1048576.0));
        }
        return new Result(clients, curve, baseline, seconds, problems);
    }

    private static int useOnce(String url) {
        CurlClient client = CurlClient.create();
        try {
            byte[] body = client.get(url).flatMap(CurlResponse::bodyAsBytes).block(Duration.ofSeconds(30));
            return body == null ? 0 : body.length;
        } finally {
            client.dispose();
        }
    }

    private static int threadCount() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Waits (up to 5 s) until the thread count has not changed for 300 ms: the warm-up's loops are gone. */
    private static void awaitSteadyThreadCount() throws InterruptedException {
        int last = threadCount();
        long steadySince = System.nanoTime();
        long deadline = steadySince + 5_000_000_000L;
        while (System.nanoTime() < deadline && System.nanoTime() - steadySince < 300_000_000L) {
            Thread.sleep(20);
            int now = threadCount();
            if (now != last) {
                last = now;
                steadySince = System.nanoTime();
            }
        }
    }
}
