package dev.curlmulti.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlConnectException;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlInfo;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawServer;
import dev.curlmulti.core.testing.RecordingHandler;
import dev.curlmulti.core.testing.TestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The event loop's contract, one behaviour per test, on both drivers, against a real server on loopback. */
@ParameterizedClass
@EnumSource(LoopDriverKind.class)
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class EventLoopTest {
    private final TestServer server = new TestServer();
    private final LoopDriverKind driver;
    private final CurlEventLoop loop;

    EventLoopTest(LoopDriverKind driver) {
        this.driver = driver;
        this.loop = new CurlEventLoop("test-loop", LoopConfig.DEFAULT.withDriver(driver));
    }

    @AfterEach
    void tearDown() throws Exception {
        loop.close();
        server.close();
    }

    private Curl get(String path) {
        Curl easy = new Curl();
        easy.setopt(CurlOpt.URL, server.url(path));
        return easy;
    }

    @Test
    void aTransferDeliversHeadBodyAndTimingsOnTheLoopThread() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        loop.submit(get("/bytes/100000"), handler);
        handler.await();

        assertThat(handler.error()).isNull();
        assertThat(handler.head().status()).isEqualTo(200);
        assertThat(handler.head().httpVersion()).isEqualTo("HTTP/1.1");
        assertThat(handler.head().headers().first("content-length")).isEqualTo("100000");
        assertThat(handler.sha256()).isEqualTo(RecordingHandler.sha256(TestServer.body(100000)));
        TransferResult result = handler.result();
        assertThat(result.responseCode()).isEqualTo(200);
        assertThat(result.bytesDownloaded()).isEqualTo(100000);
        assertThat(result.timings().total()).isPositive();
        assertThat(result.timings().startTransfer())
                .isBetween(result.timings().connect(), result.timings().total());
        assertThat(handler.callbackThread().getName()).isEqualTo("test-loop");
        assertThat(handler.violations()).isZero();
    }

    @Test
    void theHeadDeliveredAfterRedirectsIsTheFinalOne() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        Curl easy = get("/redirect/3/bytes/1234");
        easy.setopt(CurlOpt.FOLLOWLOCATION, true);
        loop.submit(easy, handler);
        handler.await();

        assertThat(handler.error()).isNull();
        assertThat(handler.head().status()).isEqualTo(200);
        assertThat(handler.head().headers().first("Location")).isNull();
        assertThat(handler.bytes()).isEqualTo(1234);
        assertThat(handler.result().redirects()).isEqualTo(3);
        assertThat(handler.head().redirectedUrl()).as("where it came from").isEqualTo(server.url("/bytes/1234"));
        assertThat(handler.violations()).isZero();
    }

    @Test
    void aRedirectNotFollowedIsTheFinalHeadWithItsBody() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        loop.submit(get("/redirect/1/bytes/10"), handler);
        handler.await();
        assertThat(handler.head().status()).isEqualTo(302);
        assertThat(handler.head().headers().first("location")).isEqualTo("/bytes/10");
        assertThat(handler.head().redirectedUrl()).as("no redirect followed").isNull();
        assertThat(handler.bytes()).isEqualTo("moved".length());
    }

    @Test
    void theHeadDeliveredAfter100ContinueIsTheFinalOne() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        Curl easy = get("/continue");
        byte[] body = TestServer.body(5000);
        easy.setopt(CurlOpt.POSTFIELDS, body);
        easy.setopt(CurlOpt.HTTPHEADER, List.of("Expect: 100-continue"));
        loop.submit(easy, handler);
        handler.await();

        assertThat(handler.error()).isNull();
        assertThat(handler.head().status()).isEqualTo(200);
        assertThat(handler.head().headers().first("X-Final")).isEqualTo("yes");
        assertThat(handler.sha256()).isEqualTo(RecordingHandler.sha256(body));
        assertThat(handler.violations()).isZero();
    }

    @Test
    void aConnectionFailureIsATypedErrorWithCurlsText() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        Curl easy = new Curl();
        easy.setopt(CurlOpt.URL, "http://127.0.0.1:" + TestServer.closedPort() + "/");
        loop.submit(easy, handler);
        handler.await();
        assertThat(handler.error()).isInstanceOf(CurlConnectException.class);
        assertThat(((CurlException) handler.error()).errorText()).contains("127.0.0.1");
        assertThat(handler.head()).isNull();
    }

    @Test
    void libcurlsOwnTimerEndsASilentTransferOnTimeNotAtTheLoopsOneSecondWakeup() throws Exception {
        // A server that takes the request and never answers: no socket ever becomes ready, so only
        // libcurl's timer can end the transfer. A driver that lost the timer would notice only at
        // its 1 s safety wakeup.
        try (RawServer silent = new RawServer(RawServer.SILENT)) {
            RecordingHandler handler = new RecordingHandler();
            Curl easy = new Curl();
            easy.setopt(CurlOpt.URL, silent.url("/"));
            easy.setopt(CurlOpt.TIMEOUT_MS, 200L);
            long start = System.nanoTime();
            loop.submit(easy, handler);
            handler.await();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(handler.error()).isInstanceOf(CurlTimeoutException.class);
            assertThat(elapsedMs).isBetween(190L, 900L);
        }
    }

    @Test
    void aHandlerThatThrowsFailsItsTransferWithThatExceptionAndTheLoopCarriesOn() throws Exception {
        IllegalStateException boom = new IllegalStateException("handler broke");
        RecordingHandler throwing = new RecordingHandler() {
            @Override
            public boolean onData(ByteBuffer chunk) {
                throw boom;
            }
        };
        loop.submit(get("/bytes/50000"), throwing);
        throwing.await();
        assertThat(throwing.error()).isSameAs(boom);

        RecordingHandler throwingHead = new RecordingHandler() {
            @Override
            public void onHead(TransferHead head) {
                throw boom;
            }
        };
        loop.submit(get("/bytes/10"), throwingHead);
        throwingHead.await();
        assertThat(throwingHead.error()).isSameAs(boom);

        RecordingHandler healthy = new RecordingHandler();
        loop.submit(get("/bytes/10"), healthy);
        healthy.await();
        assertThat(healthy.error()).isNull();
        assertThat(healthy.bytes()).isEqualTo(10);
    }

    @Test
    void aHandlerMayCancelItsTransferFromInsideACallback() throws Exception {
        AtomicReference<Transfer> self = new AtomicReference<>();
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public boolean onData(ByteBuffer chunk) {
                super.onData(chunk);
                while (self.get() == null) {
                    Thread.onSpinWait();
                }
                self.get().cancel();
                return true;
            }
        };
        self.set(loop.submit(get("/bytes/1000000"), handler));
        handler.await();
        assertThat(handler.error()).isInstanceOf(CancellationException.class);
        assertThat(handler.bytes()).isLessThan(1000000);
        assertThat(handler.terminals()).isEqualTo(1);
        assertThat(self.get().isDone()).isTrue();
    }

    @Test
    void aHandlerThatPausesIsResumedFromInsideItsOwnCallbackOrFromAnotherThread() throws Exception {
        AtomicReference<Transfer> self = new AtomicReference<>();
        int[] offers = {0};
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public boolean onData(ByteBuffer chunk) {
                offers[0]++;
                if (offers[0] % 4 == 1) {
                    // Refuse, and ask at once to be resumed: the loop unpauses after perform returns.
                    while (self.get() == null) {
                        Thread.onSpinWait();
                    }
                    self.get().resume();
                    return false;
                }
                return super.onData(chunk);
            }
        };
        self.set(loop.submit(get("/bytes/2000000"), handler));
        handler.await();
        assertThat(handler.error()).isNull();
        assertThat(handler.sha256()).isEqualTo(RecordingHandler.sha256(TestServer.body(2000000)));
        assertThat(offers[0]).isGreaterThan(4);
    }

    @Test
    void anUploadSourceThatHasNoDataYetPausesSendingUntilResumed() throws Exception {
        byte[] body = TestServer.body(300_000);
        ByteBuffer remaining = ByteBuffer.wrap(body);
        AtomicReference<Transfer> self = new AtomicReference<>();
        int[] calls = {0};
        UploadSource source = target -> {
            calls[0]++;
            if (!remaining.hasRemaining()) {
                return -1;
            }
            if (calls[0] % 3 == 0) {
                // Nothing ready: resume a little later from another thread, as a producer would.
                while (self.get() == null) {
                    Thread.onSpinWait();
                }
                Transfer transfer = self.get();
                new Thread(() -> {
                            sleep(5);
                            transfer.resume();
                        })
                        .start();
                return 0;
            }
            int n = Math.min(target.remaining(), Math.min(remaining.remaining(), 10_000));
            ByteBuffer slice = remaining.slice(remaining.position(), n);
            target.put(slice);
            remaining.position(remaining.position() + n);
            return n;
        };
        Curl easy = get("/echo");
        easy.setopt(CurlOpt.UPLOAD, true);
        easy.setopt(CurlOpt.CUSTOMREQUEST, "POST");
        easy.setopt(CurlOpt.INFILESIZE_LARGE, body.length);
        easy.setopt(CurlOpt.HTTPHEADER, List.of("Expect:"));
        RecordingHandler handler = new RecordingHandler();
        self.set(loop.submit(easy, handler, source, null));
        handler.await();
        assertThat(handler.error()).isNull();
        assertThat(handler.sha256()).isEqualTo(RecordingHandler.sha256(body));
        RecordedRequest recorded = server.takeRequest();
        assertThat(recorded.getBodySize()).isEqualTo(body.length);
    }

    @Test
    void closingWithAThousandTransfersInFlightEndsThemAllWithTheClosedError() throws Exception {
        List<RecordingHandler> handlers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            RecordingHandler handler = new RecordingHandler();
            handlers.add(handler);
            loop.submit(get("/slow/100000"), handler);
        }
        // Every submission has reached the loop, and the first transfer is receiving its body.
        awaitCommandsHandled();
        handlers.get(0).awaitHead();
        loop.close();
        for (RecordingHandler handler : handlers) {
            assertThat(handler.isFinished()).isTrue();
            assertThat(handler.error())
                    .isInstanceOf(EventLoopClosedException.class)
                    .hasMessageContaining("closed");
            assertThat(handler.terminals()).isEqualTo(1);
        }
        assertThat(loop.inFlight()).isZero();
    }

    @Test
    void aSubmissionAfterCloseIsRejectedOnTheCallersThreadNotLeftHanging() throws Exception {
        loop.close();
        loop.close();
        RecordingHandler handler = new RecordingHandler();
        Transfer transfer = loop.submit(get("/bytes/1"), handler);
        assertThat(handler.isFinished()).isTrue();
        assertThat(handler.error()).isInstanceOf(EventLoopClosedException.class);
        assertThat(handler.callbackThread()).isSameAs(Thread.currentThread());
        assertThat(transfer.isDone()).isTrue();
        transfer.cancel();
    }

    @Test
    void aTransferCancelledBeforeItStartsEndsWithItsReasonOnceStartedAndNeverReachesTheServer() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        Transfer transfer = loop.newTransfer(get("/bytes/1000"), handler, null, null);
        IllegalStateException reason = new IllegalStateException("not wanted any more");
        transfer.cancel(reason);
        transfer.cancel(new IllegalStateException("a second reason is ignored"));
        assertThat(handler.isFinished()).isFalse();
        transfer.start();
        handler.await();
        assertThat(handler.error()).isSameAs(reason);
        assertThat(handler.terminals()).isEqualTo(1);
        assertThat(transfer.isDone()).isTrue();
        // A transfer started afterwards on the same loop reaches the server: the first never did.
        RecordingHandler next = new RecordingHandler();
        loop.submit(get("/bytes/10"), next);
        assertThat(next.await().error()).isNull();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aTransferStartsOnlyOnce() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        Transfer transfer = loop.newTransfer(get("/bytes/10"), handler, null, null);
        transfer.start();
        assertThatThrownBy(transfer::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already started");
        assertThat(handler.await().error()).isNull();
    }

    @Test
    void aTaskThatMustNotBeDroppedStillRunsAfterCloseOnceTheLoopThreadHasEnded() throws Exception {
        loop.close();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        loop.executeEvenAfterClose(() -> ranOn.set(Thread.currentThread()));
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        assertThatThrownBy(() -> loop.execute(() -> {})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theLoopCanBeClosedFromItsOwnThread() throws Exception {
        RecordingHandler closer = new RecordingHandler() {
            @Override
            public void onHead(TransferHead head) {
                super.onHead(head);
                loop.close();
            }
        };
        RecordingHandler other = new RecordingHandler();
        loop.submit(get("/slow/50000"), other);
        loop.submit(get("/bytes/10"), closer);
        closer.await();
        other.await();
        assertThat(other.error()).isInstanceOf(EventLoopClosedException.class);
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void aGracefulCloseWaitsForTransfersInFlight() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        loop.submit(get("/slow/3000"), handler);
        assertThat(loop.closeGracefully(Duration.ofSeconds(20))).isTrue();
        assertThat(handler.error()).isNull();
        assertThat(handler.bytes()).isEqualTo(3000);
    }

    @Test
    void aHandleOwnedByTheLoopRefusesLibcurlCallsFromOtherThreads() throws Exception {
        Curl easy = get("/slow/20000");
        RecordingHandler handler = new RecordingHandler();
        Transfer transfer = loop.submit(easy, handler);
        handler.awaitHead(); // the transfer runs: the loop thread has taken the handle
        assertThatThrownBy(() -> easy.getinfo(CurlInfo.RESPONSE_CODE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("test-loop");
        transfer.cancel();
        handler.await();
        assertThat(handler.error()).isInstanceOf(CancellationException.class);
    }

    @Test
    void aPooledHandleIsReusedWithItsConnectionAndWithoutTheLastRequestsOptions() throws Exception {
        try (HandlePool pool = new HandlePool(c -> c.setopt(CurlOpt.USERAGENT, "pool-test"), null, 8)) {
            Curl first = pool.acquire();
            first.setopt(CurlOpt.URL, server.url("/bytes/10"));
            first.setopt(CurlOpt.HTTPHEADER, List.of("X-Only-First: 1"));
            RecordingHandler one = new RecordingHandler();
            loop.submit(first, one, null, pool::release);
            one.await();
            Await.until(Duration.ofSeconds(5), () -> pool.idleCount() == 1, "the handle back in the pool");

            Curl second = pool.acquire();
            assertThat(second).isSameAs(first);
            second.setopt(CurlOpt.URL, server.url("/bytes/20"));
            RecordingHandler two = new RecordingHandler();
            loop.submit(second, two, null, pool::release);
            two.await();

            RecordedRequest a = server.takeRequest();
            RecordedRequest b = server.takeRequest();
            assertThat(a.getHeader("X-Only-First")).isEqualTo("1");
            assertThat(b.getHeader("X-Only-First")).isNull();
            assertThat(b.getHeader("User-Agent")).isEqualTo("pool-test");
            assertThat(b.getSequenceNumber()).isEqualTo(1);
            assertThat(two.bytes()).isEqualTo(20);
            Await.until(Duration.ofSeconds(5), () -> pool.idleCount() == 1, "the handle back in the pool");
        }
    }

    @Test
    void aGroupRunsTransfersOnSeveralLoopsSharingDns() throws Exception {
        try (CurlEventLoopGroup group = new CurlEventLoopGroup(
                        3, LoopConfig.DEFAULT.withMaxHostConnections(4).withDriver(driver), "grp");
                HandlePool pool = new HandlePool(c -> {}, group.share(), 16)) {
            List<RecordingHandler> handlers = new ArrayList<>();
            for (String host : List.of("127.0.0.1", "localhost", "127.0.0.1", "localhost")) {
                for (int i = 0; i < 10; i++) {
                    Curl easy = pool.acquire();
                    easy.setopt(CurlOpt.URL, "http://" + host + ":" + server.port() + "/bytes/" + (100 + i));
                    RecordingHandler handler = new RecordingHandler();
                    handlers.add(handler);
                    group.loopFor(host).submit(easy, handler, null, pool::release);
                }
            }
            for (RecordingHandler handler : handlers) {
                handler.await();
                assertThat(handler.error()).isNull();
            }
            assertThat(group.loopFor("LOCALHOST")).isSameAs(group.loopFor("localhost"));
            assertThat(group.closeGracefully(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aLoopsConnectionLimitQueuesTransfersBeyondIt() throws Exception {
        try (CurlEventLoop limited = new CurlEventLoop(
                "limited", LoopConfig.DEFAULT.withMaxTotalConnections(2).withDriver(driver))) {
            List<RecordingHandler> handlers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                RecordingHandler handler = new RecordingHandler();
                handlers.add(handler);
                limited.submit(get("/slow/2000"), handler);
            }
            for (RecordingHandler handler : handlers) {
                assertThat(handler.await().error()).isNull();
            }
            int connections = 0;
            for (int i = 0; i < 10; i++) {
                if (server.takeRequest().getSequenceNumber() == 0) {
                    connections++;
                }
            }
            assertThat(connections).isBetween(1, 2);
        }
    }

    @Test
    void progressCountsTheRequestAsSentOnlyOnceItHasAConnection() throws Exception {
        try (CurlEventLoop limited = new CurlEventLoop(
                "limited", LoopConfig.DEFAULT.withMaxHostConnections(1).withDriver(driver))) {
            RecordingHandler first = new RecordingHandler();
            AtomicReference<Transfer> queued = new AtomicReference<>();
            AtomicReference<TransferProgress> atHead = new AtomicReference<>();
            RecordingHandler second = new RecordingHandler() {
                @Override
                public void onStart(Transfer transfer) {
                    queued.set(transfer);
                }

                @Override
                public void onHead(TransferHead head) {
                    atHead.set(queued.get().progress());
                    super.onHead(head);
                }
            };
            limited.submit(get("/slow/3000"), first);
            limited.submit(get("/bytes/100"), second);
            // The first transfer holds the only connection for about 300 ms (its head has come): the
            // second waits for it.
            first.awaitHead();
            assertThat(progressOn(limited, queued.get()).requestSent()).isFalse();
            assertThatThrownBy(() -> queued.get().progress()).isInstanceOf(IllegalStateException.class);
            first.await();
            long firstEnded = System.nanoTime();
            second.await();
            assertThat(second.error()).isNull();
            // Sent once the first transfer had ended (within scheduling noise), not when submitted.
            assertThat(atHead.get().requestSent()).isTrue();
            assertThat(atHead.get().requestSentNanos()).isGreaterThan(firstEnded - 50_000_000L);
            assertThat(atHead.get().bytesSent()).isZero();
        }
    }

    private static TransferProgress progressOn(CurlEventLoop loop, Transfer transfer) throws Exception {
        java.util.concurrent.CompletableFuture<TransferProgress> result =
                new java.util.concurrent.CompletableFuture<>();
        loop.execute(() -> result.complete(transfer.progress()));
        return result.get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Returns once the loop has handled every command sent before this call: it drains them in order. */
    private void awaitCommandsHandled() throws Exception {
        java.util.concurrent.CompletableFuture<Void> handled = new java.util.concurrent.CompletableFuture<>();
        loop.execute(() -> handled.complete(null));
        handled.get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unused")
    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }
}
