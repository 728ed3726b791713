package dev.curlmulti.core;

import static dev.curlmulti.core.PycurlLoopsTest.performUntilDone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.internal.NativeResources;
import dev.curlmulti.core.testing.BodyCollector;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class CurlMultiTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void aTransferToAClosedPortIsReportedAsFailedWithErrno7AndCurlsMessage() {
        int port = TestServer.closedPort();
        try (CurlMulti m = new CurlMulti();
                Curl c = new Curl()) {
            c.setopt(CurlOpt.URL, "http://127.0.0.1:" + port + "/");
            c.setopt(CurlOpt.WRITEFUNCTION, new BodyCollector());
            m.addHandle(c);
            runToCompletion(m);

            InfoRead info = m.infoRead();
            assertThat(info.succeeded()).isEmpty();
            assertThat(info.failed()).hasSize(1);
            Failure failure = info.failed().get(0);
            assertThat(failure.handle()).isSameAs(c);
            assertThat(failure.errno()).isEqualTo(7);
            assertThat(failure.codeName()).isEqualTo("CURLE_COULDNT_CONNECT");
            // The error buffer names the port, which the code's generic text does not.
            assertThat(failure.message()).contains(String.valueOf(port));
        }
    }

    @Test
    void twoHundredConcurrentTransfersOnOneMultiAllCompleteWithIntactBodies() {
        int count = 200;
        try (CurlMulti m = new CurlMulti()) {
            Map<Curl, BodyCollector> bodies = new HashMap<>();
            Map<Curl, Integer> seeds = new HashMap<>();
            for (int i = 0; i < count; i++) {
                Curl c = new Curl();
                BodyCollector body = new BodyCollector();
                c.setopt(CurlOpt.URL, server.url("/bytes/" + (1000 + i * 97) + "?seed=" + i));
                c.setopt(CurlOpt.WRITEFUNCTION, body);
                bodies.put(c, body);
                seeds.put(c, i);
                m.addHandle(c);
            }
            List<Curl> done = new ArrayList<>();
            while (done.size() < count) {
                performUntilDone(m);
                InfoRead info = m.infoRead();
                assertThat(info.failed()).isEmpty();
                done.addAll(info.succeeded());
                if (done.size() < count) {
                    m.poll(Duration.ofMillis(100));
                }
            }
            assertThat(done).hasSize(count).doesNotHaveDuplicates();
            for (Curl c : done) {
                int i = seeds.get(c);
                assertThat(bodies.get(c).bytes()).isEqualTo(TestServer.body(1000 + i * 97, i));
                m.removeHandle(c);
                c.close();
            }
        }
    }

    @Test
    void handlesDroppedByTheCallerSurviveGarbageCollectionAndComplete() {
        int count = 20;
        AtomicInteger bytes = new AtomicInteger();
        AtomicInteger collectionsInCallback = new AtomicInteger();
        try (CurlMulti m = new CurlMulti()) {
            for (int i = 0; i < count; i++) {
                Curl c = new Curl();
                c.setopt(CurlOpt.URL, server.url("/bytes/200000"));
                // The callback is only reachable through the handle, which only the multi holds.
                c.setopt(CurlOpt.WRITEFUNCTION, data -> {
                    int n = data.remaining();
                    bytes.addAndGet(n);
                    if (collectionsInCallback.getAndIncrement() % 25 == 0) {
                        System.gc();
                    }
                    return n;
                });
                m.addHandle(c);
            }
            System.gc();
            int succeeded = 0;
            while (succeeded < count) {
                performUntilDone(m);
                InfoRead info = m.infoRead();
                assertThat(info.failed()).isEmpty();
                for (Curl c : info.succeeded()) {
                    m.removeHandle(c);
                    c.close();
                    succeeded++;
                }
                System.gc();
                m.poll(Duration.ofMillis(50));
            }
            assertThat(bytes.get()).isEqualTo(count * 200000);
            assertThat(collectionsInCallback.get()).isGreaterThan(count);
        }
    }

    @Test
    void closingTwiceIsSafeAndEveryMethodAfterCloseThrows() {
        CurlMulti m = new CurlMulti();
        m.close();
        m.close();
        assertThat(m.isClosed()).isTrue();
        try (Curl c = new Curl()) {
            assertThatThrownBy(m::perform)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(() -> m.addHandle(c)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> m.removeHandle(c)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(m::infoRead).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(m::fdset).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> m.select(0.01)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> m.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(m::wakeup).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(m::timeout).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> m.setopt(CurlMultiOpt.MAXCONNECTS, 1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingAMultiWithLiveTransfersRemovesThemAndFreesEverything() {
        long before = NativeResources.liveTotal();
        CurlMulti m = new CurlMulti();
        List<Curl> handles = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Curl c = new Curl();
            c.setopt(CurlOpt.URL, server.url("/slow/100000"));
            c.setopt(CurlOpt.WRITEFUNCTION, new BodyCollector());
            c.setopt(CurlOpt.HTTPHEADER, List.of("X-Test: " + i));
            m.addHandle(c);
            handles.add(c);
        }
        performUntilDone(m);
        m.poll(Duration.ofMillis(200));
        performUntilDone(m);
        assertThat(m.handles()).hasSize(10);

        m.close();
        for (Curl c : handles) {
            // The handles are out of the multi and still usable on their own.
            assertThat(c.isClosed()).isFalse();
            long status = c.getinfo(CurlInfo.RESPONSE_CODE);
            assertThat(status).isIn(0L, 200L);
            c.close();
        }
        assertThat(NativeResources.liveTotal()).isEqualTo(before);
    }

    @Test
    void closingACurlThatIsStillAddedRemovesItFromTheMulti() {
        try (CurlMulti m = new CurlMulti()) {
            Curl c = new Curl();
            c.setopt(CurlOpt.URL, server.url("/slow/10000"));
            m.addHandle(c);
            performUntilDone(m);
            c.close();
            assertThat(m.handles()).isEmpty();
            assertThat(performUntilDone(m)).isZero();
            assertThatThrownBy(() -> m.addHandle(c)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aHandleCannotBeAddedTwiceNorToTwoMultis() {
        try (CurlMulti first = new CurlMulti();
                CurlMulti second = new CurlMulti();
                Curl c = new Curl()) {
            first.addHandle(c);
            assertThatThrownBy(() -> first.addHandle(c)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> second.addHandle(c)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> second.removeHandle(c)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(c::perform).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void selectReturnsMinusOneOnTimeout() {
        try (CurlMulti m = new CurlMulti()) {
            long start = System.nanoTime();
            assertThat(m.select(0.2)).isEqualTo(-1);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
            assertThat(m.timeout()).isEqualTo(-1);
        }
    }

    @Test
    void fdsetListsTheTransfersSocketWhileItIsOpen() throws Exception {
        try (CurlMulti m = new CurlMulti();
                Curl c = new Curl()) {
            c.setopt(CurlOpt.URL, server.url("/slow/20000"));
            c.setopt(CurlOpt.WRITEFUNCTION, new BodyCollector());
            m.addHandle(c);
            FdSet open = emptyFdSet();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (open.read().isEmpty() && System.nanoTime() < deadline) {
                performUntilDone(m);
                open = m.fdset();
                m.select(0.05);
            }
            assertThat(open.read()).hasSize(1);
            int fd = open.read().get(0);
            // The descriptor really is a socket of this process.
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString())
                    .startsWith("socket:");
            m.removeHandle(c);
            assertThat(m.fdset().isEmpty()).isTrue();
        }
    }

    @Test
    void multiOptionsAreCheckedAndApplied() {
        try (CurlMulti m = new CurlMulti()) {
            m.setopt(CurlMultiOpt.MAX_TOTAL_CONNECTIONS, 4);
            m.setopt(CurlMultiOpt.MAX_HOST_CONNECTIONS, 2);
            m.setopt(CurlMultiOpt.PIPELINING, 2);
            assertThatThrownBy(() -> m.setopt(CurlMultiOpt.SOCKETFUNCTION, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CURLMOPT_SOCKETFUNCTION");
        }
    }

    @Test
    void callbackExceptionIsReportedAsTheFailuresCause() {
        try (CurlMulti m = new CurlMulti();
                Curl c = new Curl()) {
            IllegalStateException boom = new IllegalStateException("consumer broke");
            c.setopt(CurlOpt.URL, server.url("/bytes/1000"));
            c.setopt(CurlOpt.WRITEFUNCTION, (ByteBuffer data) -> {
                throw boom;
            });
            m.addHandle(c);
            runToCompletion(m);
            InfoRead info = m.infoRead();
            assertThat(info.failed()).hasSize(1);
            assertThat(info.failed().get(0).errno()).isEqualTo(23);
            assertThat(info.failed().get(0).cause()).isSameAs(boom);
        }
    }

    private static FdSet emptyFdSet() {
        return new FdSet(List.of(), List.of(), List.of());
    }

    private static void runToCompletion(CurlMulti m) {
        while (performUntilDone(m) > 0) {
            m.poll(Duration.ofMillis(100));
        }
    }
}
