package dev.curlmulti.samples.bench;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.LoopConfig;
import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.loop.TransferResult;
import dev.curlmulti.core.testing.Nginx;
import dev.curlmulti.core.testing.ProcessMemory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loop cost with many open, slow transfers, for both loop drivers: nginx trickles every body at
 * 1 KiB/s ({@code limit_rate}), N transfers are held open, and for 10 s the loop thread's CPU time
 * is divided by the body chunks it delivered (one chunk per socket readiness, so per event) and by
 * the seconds. Memory per open transfer is the RSS and heap growth divided by N.
 *
 * <p>A size is HTTP/1.1, one connection per transfer, unless it ends in {@code h2}: then the
 * transfers are HTTP/2 streams over TLS, 100 per connection. That is how 20,000 open transfers fit
 * under a hard limit of 20,000 descriptors per process (the JVM needs a few dozen of its own).
 *
 * <pre>bin/bench-loop [N[h2] ...]      (default 100 1000 10000 19000 20000h2)</pre>
 */
public final class LoopDriverBench {
    private static final long WINDOW_MS = 10_000;
    private static final int STREAMS_PER_CONNECTION = 100;

    private LoopDriverBench() {}

    public static void main(String[] args) throws Exception {
        List<String> sizes = new ArrayList<>(List.of(args));
        if (sizes.isEmpty()) {
            sizes = List.of("100", "1000", "10000", "19000", "20000h2");
        }
        // open_file_cache: one descriptor for the file in nginx instead of one per request, so
        // nginx too stays under the descriptor limit with 19,000 open transfers.
        try (Nginx nginx = new Nginx("location /slow/ { limit_rate 1k; }\n"
                + "open_file_cache max=16;\n"
                + "http2_max_concurrent_streams " + STREAMS_PER_CONNECTION + ";")) {
            nginx.writeCountingFile("slow/big.bin", 8L << 20);
            System.out.printf(
                    "%-7s %9s %12s %14s %13s %11s %11s%n",
                    "driver", "open", "events/s", "loop CPU/event", "loop CPU/s", "RSS/xfer", "heap/xfer");
            for (String size : sizes) {
                boolean http2 = size.endsWith("h2");
                int open = Integer.parseInt(http2 ? size.substring(0, size.length() - 2) : size);
                for (LoopDriverKind driver : LoopDriverKind.values()) {
                    measure(driver, open, http2, nginx);
                }
            }
        }
    }

    private static void measure(LoopDriverKind driver, int open, boolean http2, Nginx nginx) throws Exception {
        String label = open + (http2 ? " h2" : "");
        System.gc();
        long rssBefore = ProcessMemory.rssBytes();
        long heapBefore = heapUsed();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicLong chunks = new AtomicLong();
        CountDownLatch started = new CountDownLatch(open);
        AtomicLong failed = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Throwable> firstError =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (CurlEventLoop loop = new CurlEventLoop("bench-" + driver, config(driver, open, http2))) {
            long[] loopThread = new long[1];
            CountDownLatch known = new CountDownLatch(1);
            loop.execute(() -> {
                loopThread[0] = Thread.currentThread().getId();
                known.countDown();
            });
            known.await();
            for (int i = 0; i < open; i++) {
                Curl easy = new Curl();
                if (http2) {
                    easy.setopt(CurlOpt.URL, nginx.httpsUrl("slow/big.bin"));
                    easy.setopt(CurlOpt.CAINFO, nginx.caPem().toString());
                    easy.setopt(CurlOpt.HTTP_VERSION, 3L); // CURL_HTTP_VERSION_2_0
                } else {
                    easy.setopt(CurlOpt.URL, nginx.httpUrl("slow/big.bin"));
                }
                loop.submit(easy, new Counter(chunks, started, failed, firstError));
            }
            // Started or failed, every transfer counts down: a driver that cannot hold this many
            // (the poll driver past the descriptor limit) shows up at once, not after 120 s.
            if (!started.await(120, TimeUnit.SECONDS) || failed.get() > 0) {
                System.out.printf(
                        "%-7s %9s only %d transfers started in 120 s; %d failed, the first with: %s%n",
                        driver, label, open - started.getCount() - failed.get(), failed.get(), firstError.get());
                return;
            }
            Thread.sleep(2000);
            long cpu0 = threads.getThreadCpuTime(loopThread[0]);
            long events0 = chunks.get();
            long t0 = System.nanoTime();
            Thread.sleep(WINDOW_MS);
            long cpu = threads.getThreadCpuTime(loopThread[0]) - cpu0;
            long events = chunks.get() - events0;
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.gc();
            long rss = ProcessMemory.rssBytes() - rssBefore;
            long heap = heapUsed() - heapBefore;
            System.out.printf(
                    "%-7s %9s %12.0f %11.2f µs %10.1f ms %8.1f KiB %8.1f KiB%n",
                    driver,
                    label,
                    events / seconds,
                    events == 0 ? 0 : cpu / 1000.0 / events,
                    cpu / 1e6 / seconds,
                    rss / 1024.0 / open,
                    heap / 1024.0 / open);
        }
    }

    private static LoopConfig config(LoopDriverKind driver, int open, boolean http2) {
        LoopConfig config = LoopConfig.DEFAULT.withDriver(driver);
        // libcurl 7.88 multiplexes onto a connection only once it is up; a burst of transfers
        // would otherwise open a connection for nearly every one while the first handshakes run.
        // Capping the connections makes the rest wait for a free stream instead.
        return http2
                ? config.withMaxHostConnections((open + STREAMS_PER_CONNECTION - 1) / STREAMS_PER_CONNECTION)
                : config;
    }

    private static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Counts body chunks; every transfer is slow enough to stay open during the window. */
    private static final class Counter implements TransferHandler {
        private final AtomicLong chunks;
        private final CountDownLatch started;
        private final AtomicLong failed;
        private final java.util.concurrent.atomic.AtomicReference<Throwable> firstError;
        private boolean headSeen;

        Counter(
                AtomicLong chunks,
                CountDownLatch started,
                AtomicLong failed,
                java.util.concurrent.atomic.AtomicReference<Throwable> firstError) {
            this.chunks = chunks;
            this.started = started;
            this.failed = failed;
            this.firstError = firstError;
        }

        @Override
        public void onHead(TransferHead head) {
            headSeen = true;
            started.countDown();
        }

        @Override
        public boolean onData(ByteBuffer chunk) {
            chunks.incrementAndGet();
            return true;
        }

        @Override
        public void onComplete(TransferResult result) {}

        @Override
        public void onError(Throwable error) {
            failed.incrementAndGet();
            firstError.compareAndSet(null, error);
            if (!headSeen) {
                started.countDown();
            }
        }

        @Override
        public boolean wantsTimings() {
            return false;
        }
    }
}
