package dev.curlmulti.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RecordingHandler;
import dev.curlmulti.core.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With a total connection limit the loop keeps at most a few transfers waiting inside libcurl and
 * holds the rest itself (libcurl 8.x wakes every waiting transfer whenever a connection frees):
 * held transfers start in order, a cancel reaches one still held at once, and closing the loop
 * ends them all.
 */
@ParameterizedClass
@EnumSource(LoopDriverKind.class)
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class ConnectionGateTest {
    private final LoopDriverKind driver;

    ConnectionGateTest(LoopDriverKind driver) {
        this.driver = driver;
    }

    private static Transfer submit(CurlEventLoop loop, String url, RecordingHandler handler) {
        Curl easy = new Curl();
        easy.setopt(CurlOpt.URL, url);
        return loop.submit(easy, handler);
    }

    @Test
    void heldTransfersStartInOrderAndAHeldOneCancelsAtOnce() throws Exception {
        try (TestServer server = new TestServer();
                CurlEventLoop loop = new CurlEventLoop(
                        "gate", LoopConfig.DEFAULT.withDriver(driver).withMaxTotalConnections(1))) {
            // One slow transfer holds the only connection; with a gate of 16, most of these wait in the loop.
            RecordingHandler slow = new RecordingHandler();
            submit(loop, server.url("/slow/3000"), slow);
            List<RecordingHandler> quick = new ArrayList<>();
            List<Transfer> transfers = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                RecordingHandler handler = new RecordingHandler();
                quick.add(handler);
                transfers.add(submit(loop, server.url("/bytes/100?seed=" + i), handler));
            }
            long start = System.nanoTime();
            transfers.get(50).cancel();
            RecordingHandler cancelled = quick.get(50).await();
            assertThat(cancelled.error()).isInstanceOf(CancellationException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .as("cancelled while held, not after the slow one")
                    .isLessThan(150);
            assertThat(slow.isFinished()).isFalse();
            for (int i = 0; i < 60; i++) {
                if (i != 50) {
                    assertThat(quick.get(i).await().error())
                            .as("transfer %d", i)
                            .isNull();
                    assertThat(quick.get(i).sha256()).isEqualTo(RecordingHandler.sha256(TestServer.body(100, i)));
                }
            }
            assertThat(slow.await().error()).isNull();
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void closingTheLoopEndsHeldTransfersToo() throws Exception {
        List<RecordingHandler> handlers = new ArrayList<>();
        try (TestServer server = new TestServer();
                CurlEventLoop loop = new CurlEventLoop(
                        "gate-close", LoopConfig.DEFAULT.withDriver(driver).withMaxTotalConnections(1))) {
            for (int i = 0; i < 40; i++) {
                RecordingHandler handler = new RecordingHandler();
                handlers.add(handler);
                submit(loop, server.url("/slow/5000"), handler);
            }
            Thread.sleep(200);
        }
        for (RecordingHandler handler : handlers) {
            assertThat(handler.await().error()).isInstanceOf(EventLoopClosedException.class);
            assertThat(handler.violations()).isZero();
        }
    }
}
