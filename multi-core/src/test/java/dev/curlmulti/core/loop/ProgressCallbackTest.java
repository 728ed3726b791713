package dev.curlmulti.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.internal.Internals;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RecordingHandler;
import dev.curlmulti.core.testing.TestServer;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * libcurl's transfer-info callback reaches a handler only when it asks ({@link TransferHandler#wantsProgress}):
 * a transfer that does not ask has nothing installed, and a pooled handle that had it is reused without it.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class ProgressCallbackTest {
    private static final Set<CurlOpt> PROGRESS_OPTIONS =
            EnumSet.of(CurlOpt.XFERINFOFUNCTION, CurlOpt.XFERINFODATA, CurlOpt.NOPROGRESS);

    private final TestServer server = new TestServer();
    private final CurlEventLoop loop = new CurlEventLoop("progress-loop", LoopConfig.DEFAULT);

    @AfterEach
    void tearDown() throws Exception {
        loop.close();
        server.close();
    }

    /** Counts progress calls and keeps the last download figures; asks for progress when told to. */
    private static final class Watching extends RecordingHandler {
        final boolean wants;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicLong lastDownloaded = new AtomicLong(-1);
        final AtomicLong lastTotal = new AtomicLong(-1);

        Watching(boolean wants) {
            this.wants = wants;
        }

        @Override
        public boolean wantsProgress() {
            return wants;
        }

        @Override
        public void onProgress(long downloadTotal, long downloaded, long uploadTotal, long uploaded) {
            calls.incrementAndGet();
            lastDownloaded.set(downloaded);
            lastTotal.set(downloadTotal);
        }
    }

    /** Runs one GET; returns which progress options the handle had set when it came back. */
    private Set<CurlOpt> run(Curl easy, Watching handler) throws Exception {
        CompletableFuture<Set<CurlOpt>> touched = new CompletableFuture<>();
        easy.setopt(CurlOpt.URL, server.url("/bytes/100000"));
        loop.submit(easy, handler, null, c -> {
            Set<CurlOpt> set = EnumSet.noneOf(CurlOpt.class);
            set.addAll(Internals.easy(c).options().touched());
            set.retainAll(PROGRESS_OPTIONS);
            touched.complete(set);
            c.close();
        });
        handler.await();
        assertThat(handler.error()).isNull();
        return touched.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aTransferThatDoesNotAskHasNoProgressCallbackInstalled() throws Exception {
        Watching handler = new Watching(false);
        assertThat(run(new Curl(), handler)).isEmpty();
        assertThat(handler.calls).hasValue(0);
    }

    @Test
    void aTransferThatAsksHearsLibcurlsCountsUpToTheBodySize() throws Exception {
        Watching handler = new Watching(true);
        assertThat(run(new Curl(), handler)).containsExactlyInAnyOrderElementsOf(PROGRESS_OPTIONS);
        assertThat(handler.calls.get()).isPositive();
        assertThat(handler.lastDownloaded).hasValue(100000);
        assertThat(handler.lastTotal).hasValue(100000);
    }

    @Test
    void aPooledHandleIsReusedWithoutTheCallbackAfterATransferThatAskedForIt() throws Exception {
        try (HandlePool pool = new HandlePool(c -> {}, null, 4)) {
            Watching asking = new Watching(true);
            Curl first = pool.acquire();
            first.setopt(CurlOpt.URL, server.url("/bytes/100000"));
            loop.submit(first, asking, null, pool::release);
            asking.await();
            assertThat(asking.error()).isNull();
            assertThat(asking.calls.get()).isPositive();
            // The release runs on the loop after the handler's terminal call: wait for it in order.
            CompletableFuture<Integer> idle = new CompletableFuture<>();
            loop.execute(() -> idle.complete(pool.idleCount()));
            assertThat(idle.get(5, TimeUnit.SECONDS))
                    .as("the handle went back to the pool")
                    .isEqualTo(1);

            Curl second = pool.acquire();
            assertThat(second).isSameAs(first);
            Watching silent = new Watching(false);
            assertThat(run(second, silent)).isEmpty();
            assertThat(silent.calls).hasValue(0);
        }
    }

    @Test
    void aHandlerThatThrowsFromProgressFailsItsTransferWithThatException() throws Exception {
        IllegalStateException thrown = new IllegalStateException("listener broke");
        AtomicInteger calls = new AtomicInteger();
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public boolean wantsProgress() {
                return true;
            }

            @Override
            public void onProgress(long downloadTotal, long downloaded, long uploadTotal, long uploaded) {
                calls.incrementAndGet();
                throw thrown;
            }
        };
        Curl easy = new Curl();
        easy.setopt(CurlOpt.URL, server.url("/bytes/100000"));
        loop.submit(easy, handler, null, Curl::close);
        handler.await();
        assertThat(handler.error()).isSameAs(thrown);
        assertThat(handler.terminals()).isEqualTo(1);
        // Not called again once it has thrown, although libcurl reports once more as the transfer ends.
        assertThat(calls).hasValue(1);
    }
}
