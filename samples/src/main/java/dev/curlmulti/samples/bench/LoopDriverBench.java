package dev.curlmulti.samples.bench;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlEventLoop;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.LoopConfig;
import dev.curlmulti.core.LoopDriverKind;
import dev.curlmulti.core.TransferHandler;
import dev.curlmulti.core.TransferHead;
import dev.curlmulti.core.TransferResult;
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
 * <pre>bin/bench-loop [N ...]      (default 100 1000 10000 19000)</pre>
 */
public final class LoopDriverBench {
    private static final long WINDOW_MS = 10_000;

    private LoopDriverBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            sizes.add(Integer.parseInt(arg));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(100, 1000, 10_000, 19_000);
        }
        try (Nginx nginx = new Nginx("location /slow/ { limit_rate 1k; }")) {
            nginx.writeCountingFile("slow/big.bin", 8L << 20);
            String url = nginx.httpUrl("slow/big.bin");
            System.out.printf("%-7s %7s %12s %14s %13s %11s %11s%n", "driver", "open", "events/s",
                    "loop CPU/event", "loop CPU/s", "RSS/xfer", "heap/xfer");
            for (int size : sizes) {
                for (LoopDriverKind driver : LoopDriverKind.values()) {
                    measure(driver, size, url);
                }
            }
        }
    }

    private static void measure(LoopDriverKind driver, int open, String url) throws Exception {
        System.gc();
        long rssBefore = ProcessMemory.rssBytes();
        long heapBefore = heapUsed();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicLong chunks = new AtomicLong();
        CountDownLatch started = new CountDownLatch(open);
        try (CurlEventLoop loop = new CurlEventLoop("bench-" + driver, LoopConfig.DEFAULT.withDriver(driver))) {
            long[] loopThread = new long[1];
            CountDownLatch known = new CountDownLatch(1);
            loop.execute(() -> {
                loopThread[0] = Thread.currentThread().getId();
                known.countDown();
            });
            known.await();
            for (int i = 0; i < open; i++) {
                Curl easy = new Curl();
                easy.setopt(CurlOpt.URL, url);
                loop.submit(easy, new Counter(chunks, started));
            }
            if (!started.await(120, TimeUnit.SECONDS)) {
                System.out.printf("%-7s %7d only %d transfers started in 120 s%n", driver, open, open - started.getCount());
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
            System.out.printf("%-7s %7d %12.0f %11.2f µs %10.1f ms %8.1f KiB %8.1f KiB%n", driver, open,
                    events / seconds, events == 0 ? 0 : cpu / 1000.0 / events, cpu / 1e6 / seconds,
                    rss / 1024.0 / open, heap / 1024.0 / open);
        }
    }

    private static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Counts body chunks; every transfer is slow enough to stay open during the window. */
    private static final class Counter implements TransferHandler {
        private final AtomicLong chunks;
        private final CountDownLatch started;

        Counter(AtomicLong chunks, CountDownLatch started) {
            this.chunks = chunks;
            this.started = started;
        }

        @Override
        public void onHead(TransferHead head) {
            started.countDown();
        }

        @Override
        public boolean onData(ByteBuffer chunk) {
            chunks.incrementAndGet();
            return true;
        }

        @Override
        public void onComplete(TransferResult result) {
        }

        @Override
        public void onError(Throwable error) {
        }

        @Override
        public boolean wantsTimings() {
            return false;
        }
    }
}
