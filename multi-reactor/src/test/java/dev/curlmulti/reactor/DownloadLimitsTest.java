package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.Nginx;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A batch's limits on real servers: downloads at once per host (counted at the servers), and the
 * overall and per-host rates (timed). The timings assert a firm lower bound, which load cannot
 * break (a loaded machine only makes downloads slower), and a loose upper one.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class DownloadLimitsTest {
    private static final int MIB = 1 << 20;

    private CurlClient client;
    private Path dir;
    private final List<AutoCloseable> servers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        client = CurlClient.create();
        dir = Files.createTempDirectory("limits");
    }

    @AfterEach
    void tearDown() throws Exception {
        client.dispose();
        for (AutoCloseable server : servers) {
            server.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aBusyHostRunsAtMostItsBoundWhileAnotherHostsDownloadsAllFinish() throws Exception {
        CountDownLatch releaseSlow = new CountDownLatch(1);
        Counting slow = new Counting(releaseSlow);
        Counting fast = new Counting(new CountDownLatch(0));
        MockWebServer slowServer = slow.start();
        MockWebServer fastServer = fast.start();
        List<DownloadRequest> requests = new ArrayList<>();
        // The busy host's downloads come first: with a plain bound of 6 they would take every slot.
        for (int i = 0; i < 10; i++) {
            requests.add(DownloadRequest.of(slowServer.url("/s" + i).toString(), dir.resolve("slow/" + i)));
        }
        for (int i = 0; i < 10; i++) {
            requests.add(DownloadRequest.of(fastServer.url("/f" + i).toString(), dir.resolve("fast/" + i)));
        }
        CountDownLatch fastDone = new CountDownLatch(10);
        DownloadLimits limits = DownloadLimits.of(6).withPerHost(2);
        var results = client.batch(Flux.fromIterable(requests), limits, DownloadBatch.policy(0))
                .results()
                .doOnNext(r -> {
                    if (r.request().target().getParent().endsWith("fast")) {
                        fastDone.countDown();
                    }
                })
                .collectList()
                .toFuture();
        try {
            assertThat(fastDone.await(30, TimeUnit.SECONDS))
                    .as("the other host's downloads finish while the busy host holds its two")
                    .isTrue();
            assertThat(slow.requests.get()).isEqualTo(2);
            assertThat(slow.running.get()).isEqualTo(2);
        } finally {
            releaseSlow.countDown();
        }
        List<DownloadResult> all = results.get(30, TimeUnit.SECONDS);
        assertThat(all).hasSize(20).allMatch(DownloadResult::succeeded);
        assertThat(slow.requests.get()).isEqualTo(10);
        assertThat(slow.mostAtOnce.get()).isEqualTo(2);
        assertThat(fast.mostAtOnce.get()).isLessThanOrEqualTo(2);
        assertThat(Files.readString(dir.resolve("slow/9"))).isEqualTo("/s9");
    }

    @Test
    void theOverallRateHoldsAcrossEveryDownloadAndEachFileArrivesWhole() throws Exception {
        Nginx nginx = nginx();
        List<String> shas = new ArrayList<>();
        List<DownloadRequest> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            shas.add(nginx.writeCountingFile(i + ".bin", 2L * MIB));
            requests.add(DownloadRequest.of(nginx.httpUrl(i + ".bin"), dir.resolve(i + ".bin")));
        }
        DownloadLimits limits = DownloadLimits.of(6).withRate(4L * MIB);

        long started = System.nanoTime();
        List<DownloadResult> results = client.batch(Flux.fromIterable(requests), limits, DownloadBatch.policy(0))
                .results()
                .collectList()
                .block(Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - started) / 1e9;

        // 12 MiB at 4 MiB/s, less the burst (0.4 MiB) and one chunk of debt: at least 2.9 s.
        assertThat(seconds).isGreaterThanOrEqualTo(2.5).isLessThan(20);
        assertThat(results).hasSize(6).allMatch(DownloadResult::succeeded);
        for (DownloadResult result : results) {
            int index = Integer.parseInt(
                    result.request().target().getFileName().toString().replace(".bin", ""));
            assertThat(result.sha256()).isEqualTo(shas.get(index));
            assertThat(result.bytes()).isEqualTo(2L * MIB);
        }
    }

    @Test
    void aPerHostRateSlowsEachHostOnItsOwn() throws Exception {
        Nginx big = nginx();
        Nginx small = nginx();
        List<DownloadRequest> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            big.writeCountingFile("b" + i, 2L * MIB);
            requests.add(DownloadRequest.of(big.httpUrl("b" + i), dir.resolve("big/" + i)));
        }
        for (int i = 0; i < 2; i++) {
            small.writeCountingFile("s" + i, MIB / 2);
            requests.add(DownloadRequest.of(small.httpUrl("s" + i), dir.resolve("small/" + i)));
        }
        DownloadLimits limits = DownloadLimits.of(8).withPerHostRate(2L * MIB);
        List<Double> bigDone = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Double> smallDone = new java.util.concurrent.CopyOnWriteArrayList<>();

        long started = System.nanoTime();
        List<DownloadResult> results = client.batch(Flux.fromIterable(requests), limits, DownloadBatch.policy(0))
                .results()
                .doOnNext(r -> (r.request().target().getParent().endsWith("big") ? bigDone : smallDone)
                        .add((System.nanoTime() - started) / 1e9))
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(results).hasSize(5).allMatch(DownloadResult::succeeded);
        // 6 MiB from one host at 2 MiB/s, less the burst and a chunk: at least 2.8 s.
        assertThat(bigDone).allMatch(t -> t >= 2.5);
        assertThat(bigDone.get(2)).isLessThan(20);
        // 1 MiB from the other host, with its own budget, needs about 0.4 s: it does not wait for the big host's.
        assertThat(smallDone).allMatch(t -> t < bigDone.get(0));
    }

    @Test
    void manyPausedDownloadsAllResumeAndFinishWhole() throws Exception {
        Nginx nginx = nginx();
        List<DownloadRequest> requests = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            shas.add(nginx.writeCountingFile(i + ".bin", 128 * 1024));
            requests.add(DownloadRequest.of(nginx.httpUrl(i + ".bin"), dir.resolve(i + ".bin")));
        }
        DownloadLimits limits = DownloadLimits.of(40).withRate(2L * MIB).withPerHostRate(4L * MIB);
        DownloadBatch batch = client.batch(Flux.fromIterable(requests), limits, DownloadBatch.policy(0));

        long started = System.nanoTime();
        List<DownloadResult> results = batch.results().collectList().block(Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - started) / 1e9;

        // 5 MiB at 2 MiB/s (the tighter of the two budgets), less the burst: at least 2.2 s.
        assertThat(seconds).isGreaterThanOrEqualTo(2.0);
        assertThat(results).hasSize(40).allMatch(DownloadResult::succeeded);
        for (DownloadResult result : results) {
            int index = Integer.parseInt(
                    result.request().target().getFileName().toString().replace(".bin", ""));
            assertThat(result.sha256()).isEqualTo(shas.get(index));
        }
        assertThat(batch.budgets()).hasSize(2).allSatisfy(budget -> {
            assertThat(budget.waiting()).isZero();
            assertThat(budget.timerPending()).isFalse();
        });
    }

    @Test
    void cancellingABatchWhoseTransfersWaitForTheBudgetEndsEverythingAndLeavesNoTimer() throws Exception {
        cancelWhilePaused(false);
    }

    @Test
    void overHttp2TheSameCancelEndsEveryStreamAndLeavesNoTimer() throws Exception {
        cancelWhilePaused(true);
    }

    @Test
    void overHttp2StreamsOfOneConnectionShareTheRateAndArriveWhole() throws Exception {
        Nginx nginx = nginx();
        client.dispose();
        client = CurlClient.builder().tls(t -> t.withCaFile(nginx.caPem())).build();
        List<String> shas = new ArrayList<>();
        List<DownloadRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            shas.add(nginx.writeCountingFile(i + ".bin", MIB));
            requests.add(DownloadRequest.of(nginx.httpsUrl(i + ".bin"), dir.resolve(i + ".bin")));
        }
        DownloadLimits limits = DownloadLimits.of(4).withRate(2L * MIB);

        long started = System.nanoTime();
        List<DownloadResult> results = client.batch(Flux.fromIterable(requests), limits, DownloadBatch.policy(0))
                .results()
                .collectList()
                .block(Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - started) / 1e9;

        // 4 MiB at 2 MiB/s, less the burst (0.2 MiB) and a chunk: at least 1.8 s.
        assertThat(seconds).isGreaterThanOrEqualTo(1.6).isLessThan(20);
        assertThat(results).hasSize(4).allMatch(DownloadResult::succeeded);
        for (DownloadResult result : results) {
            int index = Integer.parseInt(
                    result.request().target().getFileName().toString().replace(".bin", ""));
            assertThat(result.sha256()).isEqualTo(shas.get(index));
        }
    }

    private void cancelWhilePaused(boolean http2) throws Exception {
        Nginx nginx = nginx();
        if (http2) {
            client.dispose();
            client = CurlClient.builder().tls(t -> t.withCaFile(nginx.caPem())).build();
        }
        List<DownloadRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nginx.writeCountingFile(i + ".bin", 4L * MIB);
            String url = http2 ? nginx.httpsUrl(i + ".bin") : nginx.httpUrl(i + ".bin");
            requests.add(DownloadRequest.of(url, dir.resolve(i + ".bin")));
        }
        // A tiny budget, so the transfers spend nearly all their time paused.
        DownloadLimits limits =
                DownloadLimits.of(4).withPerHost(3).withRate(64 * 1024).withPerHostRate(MIB);
        DownloadBatch batch = client.batch(Flux.fromIterable(requests), limits, DownloadBatch.policy(2));
        AtomicInteger results = new AtomicInteger();
        CountDownLatch ended = new CountDownLatch(1);
        Disposable running =
                batch.results().doFinally(signal -> ended.countDown()).subscribe(r -> results.incrementAndGet());
        RateBudget waited = Await.value(
                Duration.ofSeconds(30),
                () -> batch.budgets().stream()
                        .filter(b -> b.waiting() > 0)
                        .findFirst()
                        .orElse(null),
                b -> b != null,
                "transfers waiting for the budget");

        running.dispose();

        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        Await.until(Duration.ofSeconds(10), () -> client.inFlight() == 0, "every transfer ended");
        Await.until(
                Duration.ofSeconds(10),
                () -> batch.budgets().stream().allMatch(b -> b.waiting() == 0 && !b.timerPending()),
                "no chunk waits and no timer is left");
        assertThat(waited.waiting()).isZero();
        assertThat(results.get()).isZero();
        for (int i = 0; i < 4; i++) {
            assertThat(dir.resolve(i + ".bin")).doesNotExist();
        }
    }

    @Test
    void aHostIsSchemeHostAndPortWithTheDefaultPortMadeExplicit() {
        assertThat(HostKey.of("http://Example.com/a")).isEqualTo(HostKey.of("http://example.com:80/b"));
        assertThat(HostKey.of("https://example.com/a")).isEqualTo("https://example.com:443");
        assertThat(HostKey.of("https://user:pw@example.com:8443/a?q")).isEqualTo("https://example.com:8443");
        assertThat(HostKey.of("http://[::1]/a")).isEqualTo("http://[::1]:80");
        assertThat(HostKey.of("http://[::1]:8080/a")).isEqualTo("http://[::1]:8080");
        assertThat(HostKey.of("http://example.com/")).isNotEqualTo(HostKey.of("https://example.com/"));
    }

    private Nginx nginx() {
        Nginx nginx = new Nginx();
        servers.add(nginx);
        return nginx;
    }

    /** A server that answers each path with the path, counting requests in progress; each waits for {@code release}. */
    private final class Counting extends Dispatcher {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        private final CountDownLatch release;

        Counting(CountDownLatch release) {
            this.release = release;
        }

        MockWebServer start() throws Exception {
            MockWebServer server = new MockWebServer();
            server.setDispatcher(this);
            server.start();
            servers.add(() -> {
                release.countDown();
                server.shutdown();
            });
            return server;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            requests.incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await(60, TimeUnit.SECONDS);
                return new MockResponse().setBody(request.getPath());
            } finally {
                running.decrementAndGet();
            }
        }
    }
}
