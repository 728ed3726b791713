package dev.curlmulti.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.testing.Nginx;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RecordingHandler;
import dev.curlmulti.core.testing.TestServer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Work handed to the loop from other threads wakes it at once: no resume or submission may wait
 * for the loop's 1 s safety wakeup. A lost wakeup shows up as a gap near that interval, so every
 * gap here must stay far below it (the worst seen with working wakeups is a few tens of ms on a
 * loaded 2-core machine).
 */
@ParameterizedClass
@EnumSource(LoopDriverKind.class)
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class CrossThreadWakeupTest {
    /** Far below the loop's 1 s idle wait, far above scheduling noise. */
    private static final long MAX_GAP_MS = 400;

    private final LoopDriverKind driver;

    CrossThreadWakeupTest(LoopDriverKind driver) {
        this.driver = driver;
    }

    @Test
    void everyChunkResumedFromAnotherThreadArrivesWithoutWaitingForThePollInterval() throws Exception {
        int bodies = 10;
        int size = 2 << 20;
        ExecutorService resumers = Executors.newFixedThreadPool(2);
        try (TestServer server = new TestServer();
                CurlEventLoop loop = new CurlEventLoop("wakeup", LoopConfig.DEFAULT.withDriver(driver))) {
            List<ResumeElsewhere> handlers = new ArrayList<>();
            for (int i = 0; i < bodies; i++) {
                ResumeElsewhere handler = new ResumeElsewhere(resumers);
                Curl easy = new Curl();
                easy.setopt(CurlOpt.URL, server.url("/bytes/" + size + "?seed=" + i));
                loop.submit(easy, handler);
                handlers.add(handler);
            }
            long resumes = 0;
            for (int i = 0; i < bodies; i++) {
                ResumeElsewhere handler = handlers.get(i);
                handler.await();
                assertThat(handler.error()).isNull();
                assertThat(handler.sha256()).isEqualTo(RecordingHandler.sha256(TestServer.body(size, i)));
                assertThat(handler.maxGapMillis())
                        .as("longest wait for a cross-thread resume, body %d", i)
                        .isLessThan(MAX_GAP_MS);
                resumes += handler.resumes.get();
            }
            // libcurl hands over at most 16 KiB per call, and every chunk needed its own resume.
            assertThat(resumes).as("cross-thread resumes").isGreaterThanOrEqualTo((long) bodies * size / (16 * 1024));
        } finally {
            resumers.shutdownNow();
        }
    }

    @Test
    void tasksHandedOverFromFourThreadsRunWithoutWaitingForThePollInterval() throws Exception {
        try (CurlEventLoop loop = new CurlEventLoop("wakeup", LoopConfig.DEFAULT.withDriver(driver))) {
            assertNoStallFromFourThreads(5000, () -> {
                CountDownLatch ran = new CountDownLatch(1);
                loop.execute(ran::countDown);
                assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            });
        }
    }

    @Test
    void submissionsFromUserThreadsStartWithoutWaitingForThePollInterval() throws Exception {
        try (Nginx nginx = new Nginx();
                CurlEventLoop loop = new CurlEventLoop("wakeup", LoopConfig.DEFAULT.withDriver(driver))) {
            nginx.writeCountingFile("small.bin", 104);
            String url = nginx.httpUrl("small.bin");
            assertNoStallFromFourThreads(500, () -> {
                RecordingHandler handler = new RecordingHandler();
                Curl easy = new Curl();
                easy.setopt(CurlOpt.URL, url);
                loop.submit(easy, handler);
                handler.await();
                assertThat(handler.error()).isNull();
                assertThat(handler.bytes()).isEqualTo(104);
            });
        }
    }

    /**
     * Runs {@code step} {@code perThread} times on each of four threads; no single step may take near the poll
     * interval.
     */
    private static void assertNoStallFromFourThreads(int perThread, Step step) throws Exception {
        ExecutorService users = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> slowest = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                slowest.add(users.submit(() -> {
                    long worst = 0;
                    for (int i = 0; i < perThread && worst < TimeUnit.MILLISECONDS.toNanos(MAX_GAP_MS); i++) {
                        long start = System.nanoTime();
                        step.run();
                        worst = Math.max(worst, System.nanoTime() - start);
                    }
                    return TimeUnit.NANOSECONDS.toMillis(worst); // one lost wakeup is enough to stop and fail
                }));
            }
            for (Future<Long> worst : slowest) {
                assertThat(worst.get(100, TimeUnit.SECONDS))
                        .as("slowest of %d steps, ms", perThread)
                        .isLessThan(MAX_GAP_MS);
            }
        } finally {
            users.shutdownNow();
        }
    }

    /** One step of work handed to the loop from a user thread. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Refuses every chunk the first time it is offered and resumes the transfer from another
     * thread, so each chunk needs one cross-thread wakeup; records the longest wait between
     * refusing a chunk and taking it.
     */
    private static final class ResumeElsewhere extends RecordingHandler {
        final AtomicReference<Transfer> transfer = new AtomicReference<>();
        final AtomicLong resumes = new AtomicLong();
        private final ExecutorService resumers;
        private volatile boolean allowed;
        private long refusedAt;
        private long maxGapNanos;

        ResumeElsewhere(ExecutorService resumers) {
            this.resumers = resumers;
        }

        @Override
        public void onStart(Transfer started) {
            transfer.set(started);
        }

        @Override
        public boolean onData(ByteBuffer chunk) {
            if (!allowed) {
                refusedAt = System.nanoTime();
                resumers.execute(() -> {
                    allowed = true;
                    resumes.incrementAndGet();
                    transfer.get().resume();
                });
                return false;
            }
            allowed = false;
            maxGapNanos = Math.max(maxGapNanos, System.nanoTime() - refusedAt);
            return super.onData(chunk);
        }

        long maxGapMillis() {
            return TimeUnit.NANOSECONDS.toMillis(maxGapNanos);
        }
    }
}
