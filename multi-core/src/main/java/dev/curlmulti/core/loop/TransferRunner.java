package dev.curlmulti.core.loop;

import dev.curlmulti.core.internal.FatalErrors;
import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.internal.CallbackTarget;
import dev.curlmulti.core.internal.EasyHandle;
import dev.curlmulti.core.internal.MultiHandle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a loop does to its transfers, on its thread: start them in the multi, cancel, resume,
 * finish them when libcurl reports their end, and hand each handle back. Every transfer ends here
 * with exactly one terminal call, whatever path it takes. Loop thread only.
 */
final class TransferRunner {
    private final CurlEventLoop loop;
    private final MultiHandle multi;
    private final WebSocketShards shards;
    private final AtomicInteger inFlight;
    private final Set<RealTransfer> active = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * Transfers in the multi that have no connection yet, at most this many (0: no gate). libcurl
     * 8.x wakes every transfer waiting behind CURLMOPT_MAX_TOTAL_CONNECTIONS whenever a connection
     * frees, so with thousands waiting each socket event costs milliseconds (2,000 transfers behind
     * 32 connections took 11 s instead of 3 s on the socket driver); the rest wait here, in order.
     */
    private final int maxWaiting;
    private final java.util.ArrayDeque<RealTransfer> held = new java.util.ArrayDeque<>();
    private int waiting;
    private Thread loopThread;
    /** Inside {@code curl_easy_pause}, which may call the write callback: libcurl is on the stack. */
    private boolean pausing;

    TransferRunner(CurlEventLoop loop, MultiHandle multi, WebSocketShards shards, AtomicInteger inFlight,
                   int maxWaiting) {
        this.loop = loop;
        this.multi = multi;
        this.shards = shards;
        this.inFlight = inFlight;
        this.maxWaiting = maxWaiting;
    }

    void begin(RealTransfer transfer, Thread thread) {
        loopThread = thread;
        if (transfer.cancelRequested()) {
            // Cancelled before it started: the one place that handles it.
            transfer.fail(transfer.cancellationError());
            release(transfer);
            return;
        }
        transfer.begun();
        try {
            // Also for a transfer held at the gate: its handler arms its timers (a pending timeout
            // must count the time held) and may cancel it from now on.
            transfer.handler.onStart(transfer);
        } catch (Throwable e) {
            FatalErrors.record(e);
            transfer.fail(e);
            release(transfer);
            return;
        }
        if (transfer.cancelRequested()) { // cancelled by its own onStart
            transfer.fail(transfer.cancellationError());
            release(transfer);
            return;
        }
        if (maxWaiting > 0 && (waiting >= maxWaiting || !held.isEmpty())) {
            held.addLast(transfer);
            return;
        }
        add(transfer, thread);
    }

    /** Adds transfers held at the gate while there is room; at the end of a turn, never inside libcurl. */
    void admitHeld() {
        while (waiting < maxWaiting && !held.isEmpty()) {
            RealTransfer next = held.pollFirst();
            if (next.cancelRequested()) {
                next.fail(next.cancellationError());
                release(next);
            } else {
                add(next, loopThread);
            }
        }
    }

    /** {@code transfer} has its connection, or left the multi: it no longer waits at the gate. */
    void stoppedWaiting(RealTransfer transfer) {
        if (transfer.countedWaiting) {
            transfer.countedWaiting = false;
            waiting--;
        }
    }

    private void add(RealTransfer transfer, Thread thread) {
        transfer.easy.confineTo(thread);
        // A connect-only transfer (a WebSocket session) goes into a small multi of its own kind.
        boolean sharded = transfer.onConnectOnlyDone != null;
        try {
            MultiHandle target = sharded ? shards.place(transfer) : multi;
            try {
                target.add(transfer.easy, transfer);
            } catch (Throwable e) {
                if (sharded) {
                    shards.left(transfer);
                }
                throw e;
            }
        } catch (Throwable e) {
            FatalErrors.record(e);
            transfer.fail(e);
            release(transfer);
            return;
        }
        transfer.added = true;
        active.add(transfer);
        if (maxWaiting > 0 && !sharded) {
            transfer.countedWaiting = true;
            waiting++;
        }
        transfer.started();
    }

    void cancelNow(RealTransfer transfer) {
        if (!transfer.added) {
            if (held.remove(transfer)) {
                transfer.fail(transfer.cancellationError());
                release(transfer);
            }
            return;
        }
        if (transfer.receivePaused || transfer.sendPaused) {
            // libcurl 7.88 leaks a paused HTTP/2 stream that is removed: unpause first; the
            // callbacks see the cancel and abort.
            transfer.receivePaused = false;
            transfer.sendPaused = false;
            try {
                unpause(transfer);
            } catch (CurlException e) {
                CurlEventLoop.LOG.debug("unpause before cancel failed", e);
            }
        }
        if (transfer.added) {
            remove(transfer);
            release(transfer);
            transfer.fail(transfer.cancellationError());
        }
    }

    void resumeNow(RealTransfer transfer) {
        transfer.resumeTaken();
        if (!transfer.added || !(transfer.receivePaused || transfer.sendPaused)) {
            return;
        }
        // State first: curl_easy_pause may call the write callback before it returns, and that
        // call may pause again.
        transfer.receivePaused = false;
        transfer.sendPaused = false;
        try {
            unpause(transfer);
        } catch (CurlException e) {
            transfer.callbackFailed(e);
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
        if (!(target instanceof RealTransfer transfer) || !transfer.added) {
            return;
        }
        if (result == 0 && transfer.onConnectOnlyDone != null && !transfer.cancelRequested()) {
            // Stays in the multi: removing a connect-only handle closes its connection. It ends
            // like any transfer, by a cancel (or the loop closing).
            stoppedWaiting(transfer);
            if (transfer.shard != null) {
                shards.opened(transfer);
            }
            try {
                transfer.connectOnlyDone();
            } catch (Throwable e) {
                FatalErrors.record(e);
                transfer.cancel(e);
            }
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

    /** Ends every transfer still in the multi with {@code error} (the loop is closing). */
    void endAll(Throwable error) {
        for (RealTransfer transfer : new ArrayList<>(active)) {
            remove(transfer);
            transfer.fail(error);
            release(transfer);
        }
        RealTransfer next;
        while ((next = held.pollFirst()) != null) {
            next.fail(error);
            release(next);
        }
    }

    /** Fails a transfer that never reached a running loop, on the calling thread. */
    static void reject(RealTransfer transfer, Throwable error) {
        transfer.fail(error);
        transfer.easy.confineTo(null);
        transfer.easy.close();
    }

    private void remove(RealTransfer transfer) {
        stoppedWaiting(transfer);
        transfer.added = false;
        active.remove(transfer);
        if (transfer.shard != null) {
            transfer.shard.multi.remove(transfer.easy);
            shards.left(transfer);
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
