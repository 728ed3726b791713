package dev.curlmulti.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.testing.Nginx;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.ProcessMemory;
import dev.curlmulti.core.testing.RecordingHandler;
import dev.curlmulti.core.testing.TestServer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine under load, on both drivers: many submitters, cancel storms, long paused bodies. */
@ParameterizedClass
@EnumSource(LoopDriverKind.class)
@ExtendWith(NoLeakedHandles.class)
@Timeout(240)
class EngineStressTest {
    private final LoopDriverKind driver;

    EngineStressTest(LoopDriverKind driver) {
        this.driver = driver;
    }

    private LoopConfig config() {
        return LoopConfig.DEFAULT.withDriver(driver);
    }

    @Test
    void tenThousandTransfersSubmittedFromEightThreadsAllArriveIntact() throws Exception {
        int threads = 8;
        int perThread = 1250;
        try (TestServer server = new TestServer();
                CurlEventLoop loop = new CurlEventLoop("stress", config().withMaxTotalConnections(32));
                HandlePool pool = new HandlePool(c -> {}, null, 64)) {
            Map<Integer, RecordingHandler> handlers = new ConcurrentHashMap<>();
            CountDownLatch submitted = new CountDownLatch(threads);
            ExecutorService submitters = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                submitters.execute(() -> {
                    for (int i = base; i < base + perThread; i++) {
                        RecordingHandler handler = new RecordingHandler();
                        handlers.put(i, handler);
                        Curl easy = pool.acquire();
                        easy.setopt(CurlOpt.URL, server.url("/bytes/" + size(i) + "?seed=" + i));
                        loop.submit(easy, handler, null, pool::release);
                    }
                    submitted.countDown();
                });
            }
            assertThat(submitted.await(60, TimeUnit.SECONDS)).isTrue();
            submitters.shutdown();
            for (int i = 0; i < threads * perThread; i++) {
                RecordingHandler handler = handlers.get(i).await();
                assertThat(handler.error()).as("transfer %d", i).isNull();
                assertThat(handler.sha256())
                        .as("body of transfer %d", i)
                        .isEqualTo(RecordingHandler.sha256(TestServer.body(size(i), i)));
                assertThat(handler.violations()).isZero();
            }
            assertThat(loop.inFlight()).isZero();
        }
    }

    private static int size(int i) {
        return 200 + (i * 7919) % 20000;
    }

    /** How a storm transfer is cancelled. */
    private enum Moment {
        BEFORE_START,
        IN_HEAD,
        MID_BODY,
        WHILE_PAUSED,
        AFTER_DONE,
        FROM_ANOTHER_THREAD,
        NEVER
    }

    @Test
    void aCancelStormGivesEveryHandlerExactlyOneTerminalAndTheLoopKeepsServing() throws Exception {
        int count = 5000;
        Moment[] moments = Moment.values();
        try (TestServer server = new TestServer();
                CurlEventLoop loop = new CurlEventLoop("storm", config().withMaxTotalConnections(32))) {
            ExecutorService cancellers = Executors.newFixedThreadPool(4);
            List<RecordingHandler> handlers = new ArrayList<>();
            List<Moment> chosen = new ArrayList<>();
            List<Transfer> transfers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Moment moment = moments[ThreadLocalRandom.current().nextInt(moments.length)];
                AtomicReference<Transfer> self = new AtomicReference<>();
                RecordingHandler handler = stormHandler(moment, self, cancellers);
                Curl easy = new Curl();
                easy.setopt(CurlOpt.URL, server.url("/bytes/65536"));
                Transfer transfer = loop.submit(easy, handler);
                self.set(transfer);
                if (moment == Moment.BEFORE_START) {
                    transfer.cancel();
                } else if (moment == Moment.FROM_ANOTHER_THREAD) {
                    cancellers.execute(() -> {
                        sleepMicros(ThreadLocalRandom.current().nextInt(5000));
                        transfer.cancel();
                    });
                }
                handlers.add(handler);
                chosen.add(moment);
                transfers.add(transfer);
            }
            for (int i = 0; i < count; i++) {
                RecordingHandler handler = handlers.get(i).await();
                if (chosen.get(i) == Moment.AFTER_DONE) {
                    transfers.get(i).cancel();
                }
            }
            cancellers.shutdown();
            assertThat(cancellers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            int cancelled = 0;
            for (int i = 0; i < count; i++) {
                RecordingHandler handler = handlers.get(i);
                assertThat(handler.terminals())
                        .as("terminal calls of transfer %d (%s)", i, chosen.get(i))
                        .isEqualTo(1);
                assertThat(handler.violations())
                        .as("contract violations of transfer %d", i)
                        .isZero();
                Moment moment = chosen.get(i);
                if (moment == Moment.NEVER || moment == Moment.AFTER_DONE) {
                    assertThat(handler.error())
                            .as("transfer %d (%s)", i, moment)
                            .isNull();
                    assertThat(handler.bytes()).isEqualTo(65536);
                } else if (handler.error() != null) {
                    assertThat(handler.error()).isInstanceOf(CancellationException.class);
                    cancelled++;
                }
            }
            assertThat(cancelled).isGreaterThan(count / 3);
            assertThat(loop.inFlight()).isZero();

            RecordingHandler afterStorm = new RecordingHandler();
            Curl easy = new Curl();
            easy.setopt(CurlOpt.URL, server.url("/bytes/1000"));
            loop.submit(easy, afterStorm);
            assertThat(afterStorm.await().error()).isNull();
            assertThat(afterStorm.bytes()).isEqualTo(1000);
        }
    }

    private static RecordingHandler stormHandler(
            Moment moment, AtomicReference<Transfer> self, ExecutorService cancellers) {
        return new RecordingHandler() {
            private boolean pausedOnce;

            @Override
            public void onHead(TransferHead head) {
                super.onHead(head);
                if (moment == Moment.IN_HEAD) {
                    transfer().cancel();
                }
            }

            @Override
            public boolean onData(ByteBuffer chunk) {
                if (moment == Moment.WHILE_PAUSED && !pausedOnce) {
                    pausedOnce = true;
                    Transfer transfer = transfer();
                    cancellers.execute(() -> {
                        sleepMicros(500);
                        transfer.cancel();
                    });
                    return false;
                }
                boolean taken = super.onData(chunk);
                if (moment == Moment.MID_BODY) {
                    transfer().cancel();
                }
                return taken;
            }

            private Transfer transfer() {
                Transfer transfer;
                while ((transfer = self.get()) == null) {
                    Thread.onSpinWait();
                }
                return transfer;
            }
        };
    }

    @Test
    void a256MiBBodyWithRandomPausesArrivesIntactInBoundedMemoryOverHttp1() throws Exception {
        try (Nginx nginx = new Nginx()) {
            String sha = nginx.writeCountingFile("big.bin", 256L << 20);
            Curl easy = new Curl();
            easy.setopt(CurlOpt.URL, nginx.httpUrl("big.bin"));
            PausingConsumer result = consumeWithRandomPauses(easy);
            assertThat(result.handler.error()).isNull();
            assertThat(result.handler.head().httpVersion()).isEqualTo("HTTP/1.1");
            assertThat(result.handler.bytes()).isEqualTo(256L << 20);
            assertThat(result.handler.sha256()).isEqualTo(sha);
            assertThat(result.pauses).isGreaterThan(100);
            // HTTP/1.1: a paused transfer stops at the socket; libcurl holds ~16 KiB. The bound
            // leaves room for the JVM's own growth (JIT, GC) while the 256 MiB stream passes.
            assertThat(result.peakRssGrowthBytes).as("peak RSS growth").isLessThan(64L << 20);
        }
    }

    @Test
    void a256MiBBodyWithRandomPausesArrivesIntactInBoundedMemoryOverHttp2WithTls() throws Exception {
        try (Nginx nginx = new Nginx()) {
            String sha = nginx.writeCountingFile("big.bin", 256L << 20);
            Curl easy = new Curl();
            easy.setopt(CurlOpt.URL, nginx.httpsUrl("big.bin"));
            easy.setopt(CurlOpt.CAINFO, nginx.caPem().toString());
            easy.setopt(CurlOpt.HTTP_VERSION, 3L); // CURL_HTTP_VERSION_2_0
            PausingConsumer result = consumeWithRandomPauses(easy);
            assertThat(result.handler.error()).isNull();
            assertThat(result.handler.head().httpVersion()).isEqualTo("HTTP/2");
            assertThat(result.handler.bytes()).isEqualTo(256L << 20);
            assertThat(result.handler.sha256()).isEqualTo(sha);
            assertThat(result.pauses).isGreaterThan(100);
            // HTTP/2: a paused stream keeps receiving up to its flow-control window (libcurl 7.88
            // uses 32 MiB), so libcurl may buffer that much; nothing grows with the body's size.
            assertThat(result.peakRssGrowthBytes).as("peak RSS growth").isLessThan(96L << 20);
        }
    }

    @Test
    void aBurstOfHttp2RequestsSharesOneConnection() throws Exception {
        try (Nginx nginx = new Nginx();
                CurlEventLoop loop = new CurlEventLoop("h2", config())) {
            nginx.writeFile("small.txt", "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            List<RecordingHandler> handlers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Curl easy = new Curl();
                easy.setopt(CurlOpt.URL, nginx.httpsUrl("small.txt"));
                easy.setopt(CurlOpt.CAINFO, nginx.caPem().toString());
                RecordingHandler handler = new RecordingHandler() {
                    @Override
                    public boolean wantsTimings() {
                        return true;
                    }
                };
                handlers.add(handler);
                loop.submit(easy, handler);
            }
            long connected = 0;
            for (RecordingHandler handler : handlers) {
                assertThat(handler.await().error()).isNull();
                assertThat(handler.head().httpVersion()).isEqualTo("HTTP/2");
                if (handler.result().timings().appConnect() > 0) {
                    connected++;
                }
            }
            // PIPEWAIT (set by the loop for HTTPS) makes the burst wait for the first connection's
            // ALPN answer and multiplex on it instead of opening fifty.
            assertThat(connected)
                    .as("transfers that made their own TLS handshake")
                    .isLessThanOrEqualTo(2);
        }
    }

    private record PausingConsumer(RecordingHandler handler, int pauses, long peakRssGrowthBytes) {}

    /** Refuses about one chunk in ten, and resumes it from another thread up to 1 ms later. */
    private PausingConsumer consumeWithRandomPauses(Curl easy) throws Exception {
        System.gc();
        long baseline = ProcessMemory.rssBytes();
        long[] peak = {baseline};
        int[] pauses = {0};
        long[] chunks = {0};
        ExecutorService resumer = Executors.newSingleThreadExecutor();
        try (CurlEventLoop loop = new CurlEventLoop("pausing", config())) {
            AtomicReference<Transfer> self = new AtomicReference<>();
            RecordingHandler handler = new RecordingHandler() {
                @Override
                public boolean onData(ByteBuffer chunk) {
                    if (ThreadLocalRandom.current().nextInt(10) == 0) {
                        pauses[0]++;
                        Transfer transfer;
                        while ((transfer = self.get()) == null) {
                            Thread.onSpinWait();
                        }
                        Transfer paused = transfer;
                        resumer.execute(() -> {
                            sleepMicros(ThreadLocalRandom.current().nextInt(1000));
                            paused.resume();
                        });
                        return false;
                    }
                    if ((++chunks[0] & 127) == 0) {
                        peak[0] = Math.max(peak[0], ProcessMemory.rssBytes());
                    }
                    return super.onData(chunk);
                }
            };
            self.set(loop.submit(easy, handler));
            handler.await();
            System.out.printf(
                    "256 MiB over %s: %d pauses, peak RSS growth %.1f MiB%n",
                    handler.head() == null ? "?" : handler.head().httpVersion(),
                    pauses[0],
                    (peak[0] - baseline) / 1048576.0);
            return new PausingConsumer(handler, pauses[0], peak[0] - baseline);
        } finally {
            resumer.shutdownNow();
        }
    }

    private static void sleepMicros(long micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
