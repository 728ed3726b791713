package dev.curlmulti.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RecordingHandler;
import dev.curlmulti.core.testing.TestServer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A transfer moves through its states only as {@link TransferState} allows, over real transfers:
 * into the multi and done, paused by a refused chunk and back by a resume, cancelled while paused,
 * while held at the connection gate and before it started, and a move it does not allow throws
 * naming both states.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class TransferStatesTest {

    /** Records the transfer's state at each handler call; refuses the first chunk when asked to. */
    private static class StateRecorder extends RecordingHandler {
        final List<TransferState> seen = new CopyOnWriteArrayList<>();
        final AtomicBoolean refuseNext = new AtomicBoolean();
        final AtomicBoolean requestSent = new AtomicBoolean();
        volatile RealTransfer transfer;
        volatile Runnable onRefused = () -> {};

        @Override
        public void onStart(Transfer started) {
            transfer = (RealTransfer) started;
            seen.add(transfer.state());
        }

        @Override
        public void onRequestSent() {
            requestSent.set(true);
            seen.add(transfer.state());
        }

        @Override
        public boolean onData(ByteBuffer chunk) {
            if (refuseNext.compareAndSet(true, false)) {
                // libcurl offers the refused chunk again once unpaused.
                transfer.loop.execute(onRefused);
                return false;
            }
            return super.onData(chunk);
        }

        @Override
        public void onComplete(TransferResult result) {
            seen.add(transfer.state());
            super.onComplete(result);
        }

        @Override
        public void onError(Throwable error) {
            if (transfer != null) {
                seen.add(transfer.state());
            }
            super.onError(error);
        }
    }

    private static Transfer submit(CurlEventLoop loop, String url, RecordingHandler handler) {
        Curl easy = new Curl();
        easy.setopt(CurlOpt.URL, url);
        return loop.submit(easy, handler);
    }

    /** The transfer's state as the loop thread sees it after everything queued so far. */
    private static TransferState stateOnLoop(CurlEventLoop loop, Transfer transfer) throws Exception {
        CompletableFuture<TransferState> state = new CompletableFuture<>();
        loop.execute(() -> state.complete(((RealTransfer) transfer).state()));
        return state.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aGetStartsNewGoesIntoTheMultiAndEndsDone() throws Exception {
        try (TestServer server = new TestServer();
                CurlEventLoop loop = new CurlEventLoop()) {
            StateRecorder handler = new StateRecorder();
            Transfer transfer = submit(loop, server.url("/bytes/1000"), handler);
            assertThat(handler.await().error()).isNull();
            assertThat(handler.seen).containsExactly(TransferState.NEW, TransferState.IN_MULTI, TransferState.DONE);
            assertThat(transfer.isDone()).isTrue();
            assertThat(stateOnLoop(loop, transfer)).isEqualTo(TransferState.DONE);
        }
    }

    @Test
    void aRefusedChunkPausesTheTransferAndAResumeTakesItBackIntoTheMulti() throws Exception {
        try (TestServer server = new TestServer();
                CurlEventLoop loop = new CurlEventLoop()) {
            StateRecorder handler = new StateRecorder();
            handler.refuseNext.set(true);
            List<TransferState> aroundResume = new CopyOnWriteArrayList<>();
            handler.onRefused = () -> {
                aroundResume.add(handler.transfer.state());
                handler.transfer.resume(); // on the loop thread, outside libcurl: unpaused at once
                aroundResume.add(handler.transfer.state());
            };
            submit(loop, server.url("/bytes/200000?seed=3"), handler);
            assertThat(handler.await().error()).isNull();
            assertThat(aroundResume).containsExactly(TransferState.PAUSED, TransferState.IN_MULTI);
            assertThat(handler.sha256()).isEqualTo(RecordingHandler.sha256(TestServer.body(200000, 3)));
            assertThat(handler.seen).endsWith(TransferState.DONE);
        }
    }

    @Test
    void aCancelWhilePausedEndsTheTransferWithItsReason() throws Exception {
        try (TestServer server = new TestServer();
                CurlEventLoop loop = new CurlEventLoop()) {
            StateRecorder handler = new StateRecorder();
            handler.refuseNext.set(true);
            AtomicReference<TransferState> beforeCancel = new AtomicReference<>();
            IllegalStateException reason = new IllegalStateException("consumer gone");
            handler.onRefused = () -> {
                beforeCancel.set(handler.transfer.state());
                handler.transfer.cancel(reason);
            };
            Transfer transfer = submit(loop, server.url("/bytes/200000"), handler);
            assertThat(handler.await().error()).isSameAs(reason);
            assertThat(beforeCancel.get()).isEqualTo(TransferState.PAUSED);
            assertThat(handler.seen).endsWith(TransferState.DONE);
            assertThat(stateOnLoop(loop, transfer)).isEqualTo(TransferState.DONE);
            assertThat(loop.inFlight()).isZero();
            assertThat(handler.violations()).isZero();
        }
    }

    @Test
    void aCancelWhileHeldAtTheGateEndsItWithoutReachingLibcurl() throws Exception {
        try (TestServer server = new TestServer();
                CurlEventLoop loop = new CurlEventLoop("states-gate", LoopConfig.DEFAULT.withMaxTotalConnections(1))) {
            // The gate lets 16 transfers wait inside libcurl for the one connection; the 20th is held.
            RecordingHandler slow = new RecordingHandler();
            submit(loop, server.url("/slow/5000"), slow);
            List<StateRecorder> quick = new CopyOnWriteArrayList<>();
            Transfer last = null;
            for (int i = 0; i < 20; i++) {
                StateRecorder handler = new StateRecorder();
                quick.add(handler);
                last = submit(loop, server.url("/bytes/100"), handler);
            }
            assertThat(stateOnLoop(loop, last)).isEqualTo(TransferState.HELD);
            last.cancel();
            StateRecorder held = quick.get(19);
            assertThat(held.await().error()).isInstanceOf(CancellationException.class);
            assertThat(held.seen).containsExactly(TransferState.NEW, TransferState.DONE);
            assertThat(held.requestSent)
                    .as("a held transfer never reaches libcurl")
                    .isFalse();
            for (int i = 0; i < 19; i++) {
                assertThat(quick.get(i).await().error()).as("transfer %d", i).isNull();
            }
            assertThat(slow.await().error()).isNull();
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void aCancelBeforeTheStartEndsTheTransferBeforeItsHandlerStarts() throws Exception {
        try (TestServer server = new TestServer();
                CurlEventLoop loop = new CurlEventLoop()) {
            StateRecorder handler = new StateRecorder();
            Curl easy = new Curl();
            easy.setopt(CurlOpt.URL, server.url("/bytes/100"));
            Transfer transfer = loop.newTransfer(easy, handler, null, null);
            IllegalStateException reason = new IllegalStateException("not wanted after all");
            transfer.cancel(reason);
            transfer.start();
            assertThat(handler.await().error()).isSameAs(reason);
            assertThat(handler.transfer).as("onStart never ran").isNull();
            assertThat(stateOnLoop(loop, transfer)).isEqualTo(TransferState.DONE);
            assertThat(server.requestCount()).isZero();
        }
    }

    @Test
    void aMoveTheStateDoesNotAllowThrowsNamingBothStates() throws Exception {
        try (TestServer server = new TestServer();
                CurlEventLoop loop = new CurlEventLoop()) {
            AtomicReference<Throwable> refused = new AtomicReference<>();
            StateRecorder handler = new StateRecorder() {
                @Override
                public void onHead(TransferHead head) {
                    try {
                        transfer.hold(); // a transfer in the multi cannot go back to the gate
                    } catch (IllegalStateException e) {
                        refused.set(e);
                    }
                    super.onHead(head);
                }
            };
            submit(loop, server.url("/bytes/1000"), handler);
            assertThat(handler.await().error())
                    .as("the refused move left the transfer as it was")
                    .isNull();
            assertThat(refused.get())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("IN_MULTI")
                    .hasMessageContaining("HELD");
            assertThat(handler.seen).endsWith(TransferState.DONE);
        }
    }
}
