package dev.curlmulti.samples;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.Diagnostics;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.HandlePool;
import dev.curlmulti.core.loop.LoopConfig;
import dev.curlmulti.samples.bench.WindowedCounter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures what the event loop costs per transfer: CPU time of the loop thread (which includes
 * libcurl's own work: sockets, HTTP parsing) divided by the transfers it ran, for 1 KiB GETs with
 * 64 in flight against a local server, and the {@code curl_easy_setopt} calls made per request.
 * Compares a fresh handle per request with pooled handles, and timings on and off. Also times
 * reading a response head by parsing header lines (what the loop does) against walking
 * {@code curl_easy_nextheader}.
 *
 * <pre>bin/sample LoopOverhead [transfers]</pre>
 */
public final class LoopOverhead {
    private LoopOverhead() {}

    public static void main(String[] args) throws Exception {
        int transfers = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (LocalFileServer server = new LocalFileServer()) {
            String url = server.url(1024);
            // Warm up the JIT and the server, then measure each variant twice and keep the better.
            run("warm-up", url, transfers / 2, false, true);
            for (int round = 0; round < 2; round++) {
                run("fresh handle per request, timings on ", url, transfers, false, true);
                run("pooled handles, timings on          ", url, transfers, true, true);
                run("pooled handles, timings off         ", url, transfers, true, false);
            }
            compareHeadReading(url);
        }
    }

    private static void run(String name, String url, int transfers, boolean pooled, boolean timings) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (CurlEventLoop loop = new CurlEventLoop("measure", LoopConfig.DEFAULT.withMaxTotalConnections(64));
                HandlePool pool = new HandlePool(c -> {}, null, 128)) {
            long[] loopThreadId = new long[1];
            CountDownLatch known = new CountDownLatch(1);
            loop.execute(() -> {
                loopThreadId[0] = Thread.currentThread().getId();
                known.countDown();
            });
            known.await();
            Semaphore window = new Semaphore(64);
            CountDownLatch done = new CountDownLatch(transfers);
            AtomicLong failures = new AtomicLong();
            long setoptBefore = Diagnostics.setoptCalls();
            long cpuBefore = threads.getThreadCpuTime(loopThreadId[0]);
            long start = System.nanoTime();
            for (int i = 0; i < transfers; i++) {
                window.acquire();
                Curl easy = pooled ? pool.acquire() : new Curl();
                easy.setopt(CurlOpt.URL, url);
                loop.submit(
                        easy,
                        new WindowedCounter(window, done, new AtomicLong(), failures, timings),
                        null,
                        pooled ? pool::release : null);
            }
            done.await(120, TimeUnit.SECONDS);
            long wall = System.nanoTime() - start;
            long cpu = threads.getThreadCpuTime(loopThreadId[0]) - cpuBefore;
            long setopts = Diagnostics.setoptCalls() - setoptBefore;
            if (!name.equals("warm-up")) {
                System.out.printf(
                        "%s  loop CPU %6.1f µs/transfer  %5.2f setopt/request  %7.0f req/s  failures %d%n",
                        name,
                        cpu / 1000.0 / transfers,
                        setopts / (double) transfers,
                        transfers / (wall / 1e9),
                        failures.get());
            }
        }
    }

    /** Head reading: the header-line parser the loop uses versus libcurl's header API. */
    private static void compareHeadReading(String url) throws Exception {
        byte[][] lines = {
            "HTTP/1.1 200 OK\r\n".getBytes(), "Date: Wed, 25 Nov 2026 02:00:00 GMT\r\n".getBytes(),
            "Content-Type: application/octet-stream\r\n".getBytes(), "Content-Length: 1024\r\n".getBytes(),
            "Connection: keep-alive\r\n".getBytes(), "ETag: \"6740a1-400\"\r\n".getBytes(),
            "Accept-Ranges: bytes\r\n".getBytes(), "\r\n".getBytes()
        };
        int rounds = 2_000_000;
        long parsed = HeadParsingProbe.parse(lines, rounds / 10);
        long start = System.nanoTime();
        parsed += HeadParsingProbe.parse(lines, rounds);
        double parseNs = (System.nanoTime() - start) / (double) rounds;

        try (Curl easy = new Curl()) {
            easy.setopt(CurlOpt.URL, url);
            easy.setopt(CurlOpt.WRITEFUNCTION, data -> data.remaining());
            easy.perform();
            int walks = 200_000;
            Optional<Diagnostics.Probe> walk = Diagnostics.headerWalkProbe(easy, walks);
            if (walk.isEmpty()) {
                System.out.printf(
                        "head by parsing lines: %.0f ns/response; curl_easy_nextheader: not in this " + "libcurl%n",
                        parseNs);
                return;
            }
            walk.get().batch().getAsLong();
            start = System.nanoTime();
            walk.get().batch().getAsLong();
            double walkNs = (System.nanoTime() - start) / (double) walks;
            System.out.printf(
                    "head of %d fields by parsing header lines: %.0f ns/response; by curl_easy_nextheader: "
                            + "%.0f ns/response (checksum %d)%n",
                    lines.length - 2, parseNs, walkNs, parsed);
        }
    }

    /**
     * Keeps the measured work from being optimised away. {@code parse} mirrors the field splitting
     * of the loop's package-private {@code HeadParser} (its whole cost; the finality rules are a few
     * comparisons), so the two ways of reading a head are compared on the same work.
     */
    private static final class HeadParsingProbe {
        static long parse(byte[][] lines, int rounds) {
            long sink = 0;
            for (int r = 0; r < rounds; r++) {
                java.util.ArrayList<String> fields = new java.util.ArrayList<>(16);
                for (byte[] line : lines) {
                    int end = line.length - 2;
                    int colon = -1;
                    for (int i = 0; i < end; i++) {
                        if (line[i] == ':') {
                            colon = i;
                            break;
                        }
                    }
                    if (colon > 0) {
                        fields.add(new String(line, 0, colon, java.nio.charset.StandardCharsets.ISO_8859_1).trim());
                        fields.add(new String(
                                        line, colon + 1, end - colon - 1, java.nio.charset.StandardCharsets.ISO_8859_1)
                                .trim());
                    }
                }
                sink += fields.size();
            }
            return sink;
        }
    }
}
