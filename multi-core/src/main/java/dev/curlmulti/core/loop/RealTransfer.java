package dev.curlmulti.core.loop;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlInfo;
import dev.curlmulti.core.internal.CallbackCodes;
import dev.curlmulti.core.internal.CallbackTarget;
import dev.curlmulti.core.internal.EasyHandle;
import dev.curlmulti.core.internal.FatalErrors;
import dev.curlmulti.core.internal.NativeBinding;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

/**
 * One transfer inside a {@link CurlEventLoop}: the libcurl callback target for its easy handle,
 * the handler's adapter, and the one owner of its state ({@link TransferState}). The loop's
 * {@link TransferRunner} asks it to move ({@link #begin}, {@link #hold}, {@link #added},
 * {@link #unpaused}, {@link #upgrade}, {@link #removed}, {@link #failOutsideLibcurl}); its own
 * callbacks pause it; no other class writes its state. Everything but {@link #start()},
 * {@link #cancel()}, {@link #resume()} and {@link #isDone()} runs on the loop thread.
 */
final class RealTransfer implements Transfer, CallbackTarget {
    private static final NativeBinding NATIVE = NativeBinding.get();
    private static final TransferProgress NOTHING_YET = new TransferProgress(-1, 0, 0);

    final CurlEventLoop loop;
    final EasyHandle easy;
    final TransferHandler handler;
    final UploadSource upload;
    final Consumer<Curl> release;
    /** The WebSocket side of a connect-only transfer, run when its upgrade succeeds; null for any other. */
    private final WebSocketIo webSocket;

    // Written by any thread, read by the loop.
    private volatile boolean cancelRequested;
    private volatile Throwable cancelReason;
    private static final AtomicIntegerFieldUpdater<RealTransfer> RESUME_QUEUED =
            AtomicIntegerFieldUpdater.newUpdater(RealTransfer.class, "resumeQueued");
    private static final AtomicIntegerFieldUpdater<RealTransfer> STARTED =
            AtomicIntegerFieldUpdater.newUpdater(RealTransfer.class, "started");
    private volatile int resumeQueued;
    private volatile int started;
    /** The handler has had (or is having) its terminal call: what {@link #isDone()} reports to any thread. */
    private volatile boolean done;

    // Loop thread only (and the thread that rejects a transfer its closed loop never took).
    private TransferState state = TransferState.NEW;
    /** The small multi a connect-only transfer runs in ({@link WebSocketShards}) while in it, else null. */
    private WebSocketShards.Shard shard;
    /** When the loop took the transfer, before any wait at its gate ({@link System#nanoTime()}). */
    private long startedNanos;
    /** When libcurl got a connection and began sending the request ({@link System#nanoTime()}), or -1. */
    private long sentNanos = -1;
    /** This transfer's host in the loop's per-host counts, or null when they are not kept. */
    private HostCounts hostCounts;
    /** The local port of the connection the request went out on, or -1. */
    private int localPort = -1;

    private final HeadDelivery heads;
    private Throwable failure;

    /**
     * @param webSocket what hears a connect-only transfer's WebSocket events once its upgrade
     *                  succeeds (the transfer then gets its {@link WebSocketIo}), or null for any other
     */
    RealTransfer(
            CurlEventLoop loop,
            EasyHandle easy,
            TransferHandler handler,
            UploadSource upload,
            Consumer<Curl> release,
            WebSocketIo.Events webSocket) {
        this.release = release;
        this.loop = loop;
        this.easy = easy;
        this.handler = handler;
        this.upload = upload;
        this.heads = new HeadDelivery(handler, easy);
        this.webSocket = webSocket == null ? null : new WebSocketIo(this, webSocket);
    }

    // ------------------------------------------------------------------------- any thread

    @Override
    public void start() {
        if (!STARTED.compareAndSet(this, 0, 1)) {
            throw new IllegalStateException("the transfer was already started");
        }
        loop.start(this);
    }

    @Override
    public void cancel() {
        cancel(null);
    }

    @Override
    public void cancel(Throwable reason) {
        if (!cancelRequested && !done) {
            cancelReason = reason;
            cancelRequested = true;
            if (started == 1) {
                loop.enqueueCancel(this);
            }
            // Not started yet: the loop finds the flag when the transfer starts, and fails it then.
        }
    }

    /** The error for a cancelled transfer: the reason given, else a CancellationException. */
    Throwable cancellationError() {
        Throwable reason = cancelReason;
        return reason != null ? reason : new CancellationException("transfer cancelled");
    }

    @Override
    public void resume() {
        if (!done && RESUME_QUEUED.compareAndSet(this, 0, 1)) {
            loop.enqueueResume(this);
        }
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public TransferProgress progress() {
        if (!loop.inLoop()) {
            throw new IllegalStateException("Transfer.progress() is for the loop thread (" + loop.name() + ")");
        }
        if (!state.inMulti()) {
            return NOTHING_YET;
        }
        // (libcurl's PRETRANSFER timing cannot stand in for sentNanos: after a wait for a
        // connection libcurl restarts its timings, so it no longer says when the wait began.)
        return new TransferProgress(
                sentNanos, easy.getinfoLong(CurlInfo.SIZE_UPLOAD_T), easy.getinfoLong(CurlInfo.SIZE_DOWNLOAD_T));
    }

    // ---------------------------------------------------------------- moves (loop thread)

    TransferState state() {
        return state;
    }

    private void moveTo(TransferState next, String move) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("a transfer cannot " + move + " from " + state + " to " + next);
        }
        state = next;
    }

    /**
     * The loop took the transfer (NEW, and it stays NEW): runs its handler's {@code onStart}, which
     * arms its timers (a pending timeout then counts any time held at the gate) and may cancel it.
     *
     * @return the error that ends the transfer before libcurl sees it (a cancel before or during
     *         {@code onStart}, or what {@code onStart} threw), else null: hold it or add it
     */
    Throwable begin() {
        if (state != TransferState.NEW) {
            throw new IllegalStateException("a transfer cannot begin from " + state);
        }
        if (cancelRequested) {
            return cancellationError(); // cancelled before it started: the one place that handles it
        }
        startedNanos = System.nanoTime();
        try {
            handler.onStart(this);
        } catch (Throwable e) {
            FatalErrors.record(e);
            return e;
        }
        if (cancelRequested) {
            return cancellationError();
        }
        hostCounts = loop.stats().hosts().begin(easy.options().url());
        return null;
    }

    /** This transfer's per-host counts, or null when the loop keeps none for it. */
    HostCounts hostCounts() {
        return hostCounts;
    }

    /** Waits at the runner's connection gate. */
    void hold() {
        moveTo(TransferState.HELD, "be held");
    }

    /**
     * The runner added the handle to {@code into} (a {@link WebSocketShards} shard), or to the
     * loop's main multi when null. Without the pre-request callback (libcurl before 7.80) the
     * request counts as sent now.
     */
    void added(WebSocketShards.Shard into) {
        moveTo(TransferState.IN_MULTI, "be added");
        shard = into;
        if (!EasyHandle.prereqSupported()) {
            try {
                requestSent();
            } catch (Throwable e) {
                FatalErrors.record(e);
                cancel(e); // as if thrown from a callback: the transfer fails with it
            }
        }
    }

    /** The shard the transfer runs in, or null when it runs in the loop's main multi (or no multi). */
    WebSocketShards.Shard shard() {
        return shard;
    }

    /** A callback refused data or had none to send: libcurl pauses the transfer. */
    private void pause() {
        moveTo(TransferState.PAUSED, "pause");
    }

    /**
     * Unpaused, if paused: the caller then calls {@code curl_easy_pause(CONT)}. The state moves
     * first: that call may run the write callback before it returns, and the callback may pause again.
     *
     * @return true when it was paused
     */
    boolean unpaused() {
        if (state != TransferState.PAUSED) {
            return false;
        }
        moveTo(TransferState.IN_MULTI, "resume");
        return true;
    }

    /** A connect-only transfer still waiting for libcurl to finish its upgrade. */
    boolean awaitsUpgrade() {
        return webSocket != null && state == TransferState.IN_MULTI;
    }

    /**
     * libcurl ended the connect-only transfer with success: it stays in its multi (OPEN), its held
     * head goes to the handler, and its {@link WebSocketIo} takes the connection. What those throw
     * cancels this transfer only.
     */
    void upgrade() {
        moveTo(TransferState.OPEN, "upgrade");
        try {
            heads.atUpgrade();
            // A handler that refuses the head (not a 101, or a 101 that breaks RFC 6455) cancels from
            // onHead, and the loop ends the transfer at once: its handle is released, nothing to open.
            if (state == TransferState.OPEN) {
                webSocket.upgraded();
            }
        } catch (Throwable e) {
            FatalErrors.record(e);
            cancel(e);
        }
    }

    /** The runner removed the handle from its multi: the transfer is out of libcurl for good. */
    void removed() {
        if (!state.inMulti()) {
            throw new IllegalStateException("a transfer cannot leave a multi from " + state);
        }
        state = TransferState.DONE;
        shard = null;
    }

    /**
     * Ends a transfer libcurl never had (NEW or HELD: cancelled first, refused by its handler, not
     * added, or its loop closed) with {@code error}; the caller releases the handle.
     */
    void failOutsideLibcurl(Throwable error) {
        if (state != TransferState.NEW && state != TransferState.HELD) {
            throw new IllegalStateException("a transfer in " + state + " is not outside libcurl");
        }
        state = TransferState.DONE;
        fail(error);
    }

    /** This connect-only transfer's WebSocket side, or null for any other transfer. */
    WebSocketIo webSocket() {
        return webSocket;
    }

    @Override
    public int onPrereq(int localPort) {
        if (cancelRequested) {
            return CallbackCodes.PREREQ_ABORT;
        }
        if (hostCounts != null && sentNanos >= 0 && localPort != this.localPort) {
            // A followed redirect went out on another connection.
            loop.stats().hosts().moved(hostCounts, this.localPort, localPort);
        }
        this.localPort = localPort;
        requestSent();
        return CallbackCodes.PREREQ_OK;
    }

    private void requestSent() {
        if (sentNanos < 0) {
            sentNanos = System.nanoTime();
            if (hostCounts != null) {
                loop.stats().hosts().connected(hostCounts, localPort, sentNanos - startedNanos);
            }
            loop.connected(this);
            handler.onRequestSent();
        }
    }

    /** At the terminal call: the transfer leaves its host's counts (pending, or on its connection). */
    private void leaveHost() {
        HostCounts counts = hostCounts;
        if (counts != null) {
            hostCounts = null;
            loop.stats().hosts().ended(counts, sentNanos < 0, localPort, System.nanoTime() - startedNanos);
        }
    }

    /** Microseconds from the start until libcurl had a connection for the request; 0 before that. */
    long pendingMicros() {
        return sentNanos < 0 ? 0 : Math.max(0, (sentNanos - startedNanos) / 1000);
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    // ------------------------------------------------------------------- libcurl callbacks

    @Override
    public long onHeader(long address, long length) {
        if (cancelRequested) {
            return CallbackCodes.WRITE_ERROR;
        }
        Throwable refused = heads.onLine(address, (int) length);
        if (refused != null) {
            callbackFailed(refused);
            return CallbackCodes.WRITE_ERROR;
        }
        return length;
    }

    @Override
    public long onWrite(long address, long length) {
        if (cancelRequested) {
            return CallbackCodes.WRITE_ERROR;
        }
        heads.beforeBody();
        ByteBuffer chunk = NATIVE.view(address, length).asReadOnlyBuffer();
        if (handler.onData(chunk)) {
            return length;
        }
        pause();
        return CallbackCodes.WRITE_PAUSE;
    }

    @Override
    public long onRead(long address, long capacity) {
        if (cancelRequested) {
            return CallbackCodes.READ_ABORT;
        }
        if (upload == null) {
            return 0;
        }
        ByteBuffer target = NATIVE.view(address, capacity);
        int count = upload.read(target);
        if (count < 0) {
            return 0;
        }
        if (count == 0) {
            pause();
            return CallbackCodes.READ_PAUSE;
        }
        if (count > capacity) {
            throw new IllegalStateException("upload source wrote " + count + " bytes into " + capacity);
        }
        return count;
    }

    @Override
    public long onMimeRead(int part, long address, long capacity) {
        if (cancelRequested) {
            return CallbackCodes.READ_ABORT;
        }
        long count = easy.mimeRead(part, address, capacity);
        if (count == CallbackCodes.READ_PAUSE) {
            pause(); // as for the read callback: resume() unpauses
        }
        return count;
    }

    @Override
    public int onProgress(long downloadTotal, long downloadNow, long uploadTotal, long uploadNow) {
        if (cancelRequested || failure != null) {
            // Failing already (libcurl makes one more call as it ends): the handler hears no more.
            return CallbackCodes.PROGRESS_ABORT;
        }
        // What the handler throws reaches callbackFailed through the dispatcher: the transfer fails with it.
        handler.onProgress(downloadTotal, downloadNow, uploadTotal, uploadNow);
        return cancelRequested ? CallbackCodes.PROGRESS_ABORT : 0;
    }

    @Override
    public void onDebug(int type, long address, long length) {
        handler.onDebug(type, NATIVE.view(address, length));
    }

    @Override
    public void callbackFailed(Throwable error) {
        if (failure == null) {
            failure = error;
        } else if (failure != error) {
            failure.addSuppressed(error);
        }
    }

    // ---------------------------------------------------------------------- completion

    /**
     * How libcurl's {@code result} ends this transfer: null for success, else the error its handler
     * gets. Reads the handle's error text, so call it before the handle is released.
     */
    Throwable outcome(int result) {
        // A cancel requested before libcurl reported the end wins even over success: a handler
        // that cancels from its last write callback (a size limit, say) has accepted those bytes
        // only so as not to abort mid-callback, and must not see the transfer end as whole.
        if (result == 0 && failure == null && !cancelRequested) {
            return heads.endedInsideAHead() ? ResultErrors.incompleteHead() : null;
        } else if (failure != null) {
            return failure;
        } else if (cancelRequested) {
            return cancellationError();
        }
        return ResultErrors.of(result, easy, heads.delivered());
    }

    /**
     * Ends the transfer with its {@link #outcome}, once {@link #removed}: the handler's last calls;
     * the handle is not used any more.
     */
    void finish(Throwable error, TransferResult facts) {
        if (state != TransferState.DONE) {
            throw new IllegalStateException("a transfer in " + state + " cannot end yet");
        }
        if (error != null) {
            fail(error);
            return;
        }
        try {
            heads.atSuccess(facts.responseCode());
        } catch (Throwable e) {
            FatalErrors.record(e);
            fail(e);
            return;
        }
        complete(facts);
    }

    private void complete(TransferResult facts) {
        if (done) {
            return;
        }
        done = true;
        leaveHost();
        try {
            handler.onComplete(facts);
        } catch (Throwable e) {
            FatalErrors.record(e);
            CurlEventLoop.LOG.warn("TransferHandler.onComplete threw", e);
        }
    }

    /** The handler's terminal {@code onError}, once the transfer is DONE; later calls do nothing. */
    void fail(Throwable error) {
        if (state != TransferState.DONE) {
            throw new IllegalStateException("a transfer in " + state + " cannot end yet");
        }
        if (done) {
            return;
        }
        done = true;
        leaveHost();
        try {
            handler.onError(error);
        } catch (Throwable e) {
            FatalErrors.record(e);
            CurlEventLoop.LOG.warn("TransferHandler.onError threw", e);
        }
    }

    /** The loop took the resume request; a later {@link #resume()} queues a new one. */
    void resumeTaken() {
        resumeQueued = 0;
    }
}
