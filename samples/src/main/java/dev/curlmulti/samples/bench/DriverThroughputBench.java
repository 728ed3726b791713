package dev.curlmulti.samples.bench;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.HandlePool;
import dev.curlmulti.core.loop.LoopConfig;
import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.core.testing.Nginx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of the two loop drivers on the benchmark workloads against nginx on loopback:
 * (a) 1 KiB GETs, 64 in flight; (b) the same one at a time (latency); (c) a 1 GiB body;
 * (d) 2,000 x 1 MiB, 16 in flight. Alternates POLL and SOCKET over 3 rounds after a warm-up and
 * prints the median. This compares our two drivers only; the peers come with the benchmark module.
 *
 * <pre>bin/sample bench.DriverThroughputBench</pre>
 */
public final class DriverThroughputBench {
    private DriverThroughputBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (Nginx nginx = new Nginx()) {
            nginx.writeCountingFile("1k.bin", 1024);
            nginx.writeCountingFile("1m.bin", 1 << 20);
            nginx.writeCountingFile("1g.bin", 1L << 30);
            Workload[] workloads = {
                new Workload("(a) 1 KiB GETs, 64 in flight", nginx.httpUrl("1k.bin"), 50_000, 64, "req/s"),
                new Workload("(b) 1 KiB GETs, 1 in flight", nginx.httpUrl("1k.bin"), 10_000, 1, "µs/req"),
                new Workload("(c) 1 GiB, one stream", nginx.httpUrl("1g.bin"), 1, 1, "MiB/s"),
                new Workload("(d) 2,000 x 1 MiB, 16 in flight", nginx.httpUrl("1m.bin"), 2_000, 16, "MiB/s"),
            };
            for (LoopDriverKind driver : LoopDriverKind.values()) {
                run(driver, new Workload("warm-up", nginx.httpUrl("1k.bin"), 30_000, 64, "req/s"));
            }
            System.out.printf("%-34s %14s %14s %8s%n", "workload", "POLL", "SOCKET", "unit");
            for (Workload workload : workloads) {
                List<Double> poll = new ArrayList<>();
                List<Double> socket = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    poll.add(run(LoopDriverKind.POLL, workload));
                    socket.add(run(LoopDriverKind.SOCKET, workload));
                }
                System.out.printf(
                        "%-34s %14.1f %14.1f %8s%n", workload.name, median(poll), median(socket), workload.unit);
            }
        }
    }

    private record Workload(String name, String url, int requests, int inFlight, String unit) {}

    private static double run(LoopDriverKind driver, Workload workload) throws Exception {
        try (CurlEventLoop loop = new CurlEventLoop("tp-" + driver, LoopConfig.DEFAULT.withDriver(driver));
                HandlePool pool = new HandlePool(c -> {}, null, 128)) {
            Semaphore window = new Semaphore(workload.inFlight);
            CountDownLatch done = new CountDownLatch(workload.requests);
            AtomicLong bytes = new AtomicLong();
            long start = System.nanoTime();
            for (int i = 0; i < workload.requests; i++) {
                window.acquire();
                Curl easy = pool.acquire();
                easy.setopt(CurlOpt.URL, workload.url);
                loop.submit(
                        easy, new WindowedCounter(window, done, bytes, new AtomicLong(), false), null, pool::release);
            }
            done.await(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            return switch (workload.unit) {
                case "req/s" -> workload.requests / seconds;
                case "µs/req" -> seconds * 1e6 / workload.requests;
                default -> bytes.get() / 1048576.0 / seconds;
            };
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
