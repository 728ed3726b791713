package dev.curlmulti.core.loop;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.internal.CallbackTarget;
import dev.curlmulti.core.internal.EasyHandle;
import dev.curlmulti.core.internal.FatalErrors;
import dev.curlmulti.core.internal.MultiHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a loop does to its transfers, on its thread: the libcurl side of each {@link RealTransfer}
 * move (add to a multi, unpause, remove), the set of active transfers, the connection gate, and
 * the handles given back. Each transfer keeps its own state and checks every move; every transfer
 * ends here with exactly one terminal call, whatever path it takes. Loop thread only.
 */
final class TransferRunner {
    private final CurlEventLoop loop;
    private final Thread loopThread;
    private final MultiHandle multi;
    private final WebSocketShards shards;
    private final AtomicInteger inFlight;
    /** Transfers in a multi handle (main or shard): the ones a close must remove. */
    private final Set<RealTransfer> active = Collections.newSetFromMap(new IdentityHashMap<>());

    private final ConnectionGate gate;
    /** Inside {@code curl_easy_pause}, which may call the write callback: libcurl is on the stack. */
    private boolean pausing;

    TransferRunner(
            CurlEventLoop loop,
            Thread loopThread,
            MultiHandle multi,
            WebSocketShards shards,
            AtomicInteger inFlight,
            int maxWaiting) {
        this.loop = loop;
        this.loopThread = loopThread;
        this.multi = multi;
        this.shards = shards;
        this.inFlight = inFlight;
        this.gate = new ConnectionGate(maxWaiting);
    }

    /** The loop took {@code transfer} (NEW): it ends at once, waits at the gate, or goes into libcurl. */
    void begin(RealTransfer transfer) {
        Throwable refused = transfer.begin();
        if (refused != null) {
            endOutsideLibcurl(transfer, refused);
        } else if (gate.mustHold()) {
            transfer.hold();
            gate.hold(transfer);
        } else {
            add(transfer);
        }
    }

    /** Adds transfers held at the gate while there is room; at the end of a turn, never inside libcurl. */
    void admitHeld() {
        RealTransfer next;
        while ((next = gate.nextToAdmit()) != null) {
            if (next.cancelRequested()) {
                endOutsideLibcurl(next, next.cancellationError());
            } else {
                add(next);
            }
        }
    }

    /** {@code transfer} has its connection (from its pre-request callback): it no longer waits at the gate. */
    void connected(RealTransfer transfer) {
        gate.stoppedWaiting(transfer);
    }

    private void add(RealTransfer transfer) {
        transfer.easy.confineTo(loopThread);
        // A connect-only transfer (a WebSocket session) goes into a small multi of its own kind.
        WebSocketShards.Shard shard = null;
        try {
            if (transfer.handler.wantsProgress()) {
                // Only on request: a transfer with the callback costs libcurl a call into Java per turn.
                transfer.easy.options().routeProgressToTarget();
            }
            shard = transfer.webSocket() != null ? shards.place() : null;
            (shard != null ? shard.multi : multi).add(transfer.easy, transfer);
        } catch (Throwable e) {
            if (shard != null) {
                shards.left(shard, true);
            }
            FatalErrors.record(e);
            endOutsideLibcurl(transfer, e);
            return;
        }
        active.add(transfer);
        if (shard == null) {
            gate.waitsInMulti(transfer);
        }
        transfer.added(shard);
    }

    /** The loop took {@code transfer}'s cancel: wherever it is, it ends with its cancellation error. */
    void cancelNow(RealTransfer transfer) {
        switch (transfer.state()) {
            case NEW, DONE -> {
                // NEW: begin() finds the cancel when the loop takes the transfer; DONE: it ended first.
            }
            case HELD -> {
                gate.unhold(transfer);
                endOutsideLibcurl(transfer, transfer.cancellationError());
            }
            case IN_MULTI, PAUSED, OPEN -> {
                if (transfer.unpaused()) {
                    // libcurl 7.88 leaks a paused HTTP/2 stream that is removed: unpause first; the
                    // callbacks see the cancel and abort.
                    try {
                        unpause(transfer);
                    } catch (CurlException e) {
                        CurlEventLoop.LOG.debug("unpause before cancel failed", e);
                    }
                }
                if (transfer.state().inMulti()) {
                    remove(transfer);
                    release(transfer);
                    transfer.fail(transfer.cancellationError());
                }
            }
        }
    }

    /** The loop took {@code transfer}'s resume: unpause it if it is paused. */
    void resumeNow(RealTransfer transfer) {
        transfer.resumeTaken();
        if (transfer.unpaused()) {
            try {
                unpause(transfer);
            } catch (CurlException e) {
                transfer.callbackFailed(e);
            }
        }
    }

    private void unpause(RealTransfer transfer) throws CurlException {
        boolean outer = !pausing;
        pausing = true;
        try {
            transfer.easy.pause(Curl.PAUSE_CONT);
        } finally {
            if (outer) {
                pausing = false;
            }
        }
    }

    /** True while libcurl may be calling back from {@code curl_easy_pause}. */
    boolean insideLibcurl() {
        return pausing;
    }

    /** libcurl reported the end of {@code easy}'s transfer (a {@link MultiHandle.CompletionSink}). */
    void finish(EasyHandle easy, CallbackTarget target, int result) {
        if (!(target instanceof RealTransfer transfer) || !transfer.state().inMulti()) {
            return;
        }
        if (result == 0 && transfer.awaitsUpgrade() && !transfer.cancelRequested()) {
            // Stays in the multi: removing a connect-only handle closes its connection. It ends
            // like any transfer, by a cancel (or the loop closing).
            shards.opened(transfer.shard());
            transfer.upgrade();
            return;
        }
        TransferResult facts = TransferFacts.read(easy, transfer.handler.wantsTimings(), transfer.pendingMicros());
        remove(transfer);
        Throwable error = transfer.outcome(result);
        // The handle goes back first: a handler that starts the next request from its terminal
        // call (a flatMap asking for more) then reuses it instead of making another.
        release(transfer);
        transfer.finish(error, facts);
    }

    /** Ends every transfer in a multi or at the gate with {@code error} (the loop is closing). */
    void endAll(Throwable error) {
        for (RealTransfer transfer : new ArrayList<>(active)) {
            remove(transfer);
            transfer.fail(error);
            release(transfer);
        }
        RealTransfer next;
        while ((next = gate.pollHeld()) != null) {
            endOutsideLibcurl(next, error);
        }
    }

    /** Fails a transfer that never reached a running loop, on the calling thread. */
    static void reject(RealTransfer transfer, Throwable error) {
        transfer.failOutsideLibcurl(error);
        transfer.easy.confineTo(null);
        transfer.easy.close();
    }

    /** Fails a transfer libcurl never had (NEW or HELD), then gives its handle back. */
    private void endOutsideLibcurl(RealTransfer transfer, Throwable error) {
        transfer.failOutsideLibcurl(error);
        release(transfer);
    }

    private void remove(RealTransfer transfer) {
        gate.stoppedWaiting(transfer);
        active.remove(transfer);
        WebSocketShards.Shard shard = transfer.shard();
        boolean handshaking = transfer.state() != TransferState.OPEN;
        transfer.removed();
        if (shard != null) {
            shard.multi.remove(transfer.easy);
            shards.left(shard, handshaking);
        } else {
            multi.remove(transfer.easy);
        }
    }

    private void release(RealTransfer transfer) {
        inFlight.decrementAndGet();
        EasyHandle easy = transfer.easy;
        easy.confineTo(null);
        if (transfer.release != null && loop.isRunning()) {
            try {
                transfer.release.accept(easy.facade());
                return;
            } catch (Throwable e) {
                FatalErrors.record(e);
                CurlEventLoop.LOG.warn("handle release callback threw; closing the handle", e);
            }
        }
        easy.close();
    }
}
