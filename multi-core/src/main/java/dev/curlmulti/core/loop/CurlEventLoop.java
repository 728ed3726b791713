package dev.curlmulti.core.loop;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.LoopDriverKind;
import dev.curlmulti.core.TransferResult;
import dev.curlmulti.core.internal.CallbackTarget;
import dev.curlmulti.core.internal.EasyHandle;
import dev.curlmulti.core.internal.Internals;
import dev.curlmulti.core.internal.MultiHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One thread that owns one libcurl multi handle and runs every transfer submitted to it.
 *
 * <p><b>A turn</b> of the loop: take the whole command queue (submit, cancel, resume, shutdown),
 * let libcurl work ({@code curl_multi_perform}, or {@code curl_multi_socket_action} on the ready
 * sockets with the {@link LoopDriverKind#SOCKET socket driver}), read every completion
 * ({@code curl_multi_info_read}) and finish those transfers, then wait (in {@code curl_multi_poll},
 * or {@code epoll_wait}) up to libcurl's own timeout, woken early when a command arrives from
 * another thread.
 *
 * <p><b>Threading:</b> {@link #submit}, {@link #execute}, {@link #close()} and the returned
 * {@link Transfer}'s methods are safe from any thread, the loop's own included. Every libcurl call
 * and every {@link TransferHandler} call happens on the loop thread, a daemon named after the
 * loop, so a forgotten loop never keeps the JVM alive. Handlers must not block it.
 *
 * <p><b>Two phases:</b> {@link #newTransfer} makes a {@link Transfer} that exists before it runs: its
 * owner can hand it to whoever may cancel it, attach timers, and then {@link Transfer#start()} it.
 * A transfer cancelled before it started ends, when started, with its cancellation error and never
 * reaches libcurl. {@link #submit} does both steps at once.
 *
 * <p><b>Ownership:</b> {@link #submit} takes the configured {@link Curl}; when the transfer ends the
 * loop gives it to the {@code release} callback (a {@link HandlePool}) or closes it. Closing the
 * loop ends every unfinished transfer with {@link EventLoopClosedException}, frees every handle
 * before the multi, and ends the thread; later submissions fail the same way, on the caller's
 * thread. Nothing is left hanging.
 */
public final class CurlEventLoop implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(CurlEventLoop.class);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final long POLL_MS = 1000;

    private static final int RUNNING = 0;
    private static final int DRAINING = 1;
    private static final int CLOSING = 2;
    private static final int TERMINATED = 3;

    private final Thread thread;
    private final MultiHandle multi;
    private final LoopDriver driver;
    private final ConcurrentLinkedQueue<LoopCommand> commands = new ConcurrentLinkedQueue<>();
    /** Lock for {@link #runLate}. */
    private final Object lateTasks = new Object();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<RealTransfer> active = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile int state = RUNNING;

    /** A loop with no connection limits, named {@code curl-loop-N}. */
    public CurlEventLoop() {
        this("curl-loop-" + NAMES.incrementAndGet(), LoopConfig.DEFAULT);
    }

    /** A loop whose thread is called {@code name}, with {@code config} applied to its multi handle. */
    public CurlEventLoop(String name, LoopConfig config) {
        multi = new MultiHandle(this);
        try {
            config.applyTo(multi);
            driver = LoopDriver.create(config.driver(), multi);
        } catch (RuntimeException e) {
            multi.close();
            throw e;
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        multi.confineTo(thread);
        thread.start();
    }

    // ------------------------------------------------------------------------- any thread

    /**
     * Starts a download-style transfer: {@code easy} configured on the caller's thread, events to
     * {@code handler}. The loop owns {@code easy} from now on and closes it when done.
     */
    public Transfer submit(Curl easy, TransferHandler handler) {
        return submit(easy, handler, null, null);
    }

    /** {@link #newTransfer} and {@link Transfer#start()} at once. */
    public Transfer submit(Curl easy, TransferHandler handler, UploadSource upload, Consumer<Curl> release) {
        Transfer transfer = newTransfer(easy, handler, upload, release);
        transfer.start();
        return transfer;
    }

    /**
     * A transfer of {@code easy} on this loop, not started yet: {@link Transfer#cancel()} works on it
     * at once, {@link Transfer#start()} hands it to the loop. The loop owns {@code easy} from now on;
     * start the transfer (even one already cancelled) so the handle is released.
     *
     * @param easy    a configured handle; owned by the loop from now on
     * @param handler receives head, data and exactly one terminal call
     * @param upload  request body source, or {@code null} (then the read callback reports an empty
     *                body); set {@code UPLOAD} or {@code POST} and the size yourself
     * @param release receives the handle after the transfer (on the loop thread), for example
     *                {@link HandlePool#release}; {@code null} closes it
     * @throws IllegalStateException the handle is closed or running another transfer
     */
    public Transfer newTransfer(Curl easy, TransferHandler handler, UploadSource upload, Consumer<Curl> release) {
        Objects.requireNonNull(easy, "easy");
        Objects.requireNonNull(handler, "handler");
        EasyHandle handle = Internals.easy(easy);
        if (handle.inMulti() || handle.isClosed()) {
            throw new IllegalStateException("the handle is closed or already running a transfer");
        }
        if (!handle.options().isRouted()) {
            handle.options().routeToTarget();
        }
        handle.options().preferMultiplexing();
        return new RealTransfer(this, handle, handler, upload, release);
    }

    /** Hands a transfer to the loop thread, or fails it at once when the loop is closed. */
    void start(RealTransfer transfer) {
        if (state != RUNNING) {
            reject(transfer);
            return;
        }
        inFlight.incrementAndGet();
        enqueue(new LoopCommand.Start(transfer));
    }

    /** Runs {@code task} on the loop thread (after the current turn's libcurl work). */
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (state >= CLOSING) {
            throw new IllegalStateException("the event loop is closed");
        }
        enqueue(new LoopCommand.Task(task, false));
    }

    /**
     * Runs {@code task} on the loop thread like {@link #execute}, but never drops it: if the loop
     * closes first, the task runs once the loop thread has ended, on the thread that finds the
     * loop closed (the caller, or the loop thread during its shutdown), one such late task at a
     * time. For work that must happen either way and touches only Java state, such as ending a
     * subscriber whose transfer the close has failed. A late task must not call libcurl: its
     * handles are gone.
     */
    public void executeEvenAfterClose(Runnable task) {
        Objects.requireNonNull(task, "task");
        enqueue(new LoopCommand.Task(task, true));
    }

    /** True when called on this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Transfers submitted and not yet finished. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The loop thread's name. */
    public String name() {
        return thread.getName();
    }

    /** True once {@link #close()} (or a graceful close) has begun. */
    public boolean isClosed() {
        return state >= CLOSING;
    }

    /**
     * Ends every unfinished transfer with {@link EventLoopClosedException}, frees all native
     * handles and stops the thread. Idempotent. From another thread it returns once the loop has
     * ended; from the loop thread itself (a handler) it returns at once and the loop ends after the
     * current step.
     */
    @Override
    public void close() {
        if (state < CLOSING) {
            state = CLOSING;
            enqueue(new LoopCommand.Shutdown());
        }
        if (!inLoop()) {
            awaitTermination();
        }
    }

    /**
     * Stops taking new transfers, waits up to {@code timeout} for those in flight to finish, then
     * closes. Must not be called from the loop thread.
     *
     * @return true when every transfer finished before the timeout
     */
    public boolean closeGracefully(Duration timeout) {
        if (inLoop()) {
            throw new IllegalStateException("closeGracefully would wait for itself on the loop thread");
        }
        if (state == RUNNING) {
            state = DRAINING;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean drained = false;
        while (System.nanoTime() < deadline) {
            if (inFlight.get() == 0) {
                drained = true;
                break;
            }
            sleep(5);
        }
        close();
        return drained;
    }

    void enqueueCancel(RealTransfer transfer) {
        enqueue(new LoopCommand.Cancel(transfer));
    }

    void enqueueResume(RealTransfer transfer) {
        enqueue(new LoopCommand.Resume(transfer));
    }

    private void enqueue(LoopCommand command) {
        commands.offer(command);
        if (state == TERMINATED) {
            rejectQueued();
            return;
        }
        // The loop clears the flag before it drains the queue, so one wakeup per turn is enough,
        // and none is needed from the loop thread itself: it looks at the queue before it polls.
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            driver.wakeup();
            if (state == TERMINATED) {
                rejectQueued();
            }
        }
    }

    // -------------------------------------------------------------------------- loop thread

    private void run() {
        try {
            while (state != CLOSING) {
                wakeupPending.set(false);
                drainCommands();
                if (state == CLOSING) {
                    break;
                }
                driver.perform();
                multi.readCompletions(Integer.MAX_VALUE, this::finish);
                if (commands.isEmpty()) {
                    driver.await(POLL_MS);
                }
            }
        } catch (Throwable e) {
            LOG.error("curl event loop {} failed; ending its transfers", thread.getName(), e);
        } finally {
            shutdown();
        }
    }

    private void drainCommands() {
        LoopCommand command;
        while ((command = commands.poll()) != null) {
            if (command instanceof LoopCommand.Start start) {
                begin(start.transfer());
            } else if (command instanceof LoopCommand.Cancel cancel) {
                cancelNow(cancel.transfer());
            } else if (command instanceof LoopCommand.Resume resume) {
                resumeNow(resume.transfer());
            } else if (command instanceof LoopCommand.Task task) {
                runTask(task.task());
            }
            // Shutdown: the state is already CLOSING, which ends the turn.
        }
    }

    private void begin(RealTransfer transfer) {
        if (transfer.cancelRequested()) {
            // Cancelled before it started: the one place that handles it.
            transfer.fail(transfer.cancellationError());
            release(transfer);
            return;
        }
        transfer.easy.confineTo(thread);
        try {
            transfer.handler.onStart(transfer);
            multi.add(transfer.easy, transfer);
        } catch (Throwable e) {
            transfer.fail(e);
            release(transfer);
            return;
        }
        transfer.added = true;
        active.add(transfer);
        transfer.started();
    }

    private void cancelNow(RealTransfer transfer) {
        if (!transfer.added) {
            return;
        }
        if (transfer.receivePaused || transfer.sendPaused) {
            // libcurl 7.88 leaks a paused HTTP/2 stream that is removed: unpause first; the
            // callbacks see the cancel and abort.
            transfer.receivePaused = false;
            transfer.sendPaused = false;
            try {
                transfer.easy.pause(Curl.PAUSE_CONT);
            } catch (CurlException e) {
                LOG.debug("unpause before cancel failed", e);
            }
        }
        if (transfer.added) {
            remove(transfer);
            transfer.fail(transfer.cancellationError());
            release(transfer);
        }
    }

    private void resumeNow(RealTransfer transfer) {
        transfer.resumeTaken();
        if (!transfer.added || !(transfer.receivePaused || transfer.sendPaused)) {
            return;
        }
        // State first: curl_easy_pause may call the write callback before it returns, and that
        // call may pause again.
        transfer.receivePaused = false;
        transfer.sendPaused = false;
        try {
            transfer.easy.pause(Curl.PAUSE_CONT);
        } catch (CurlException e) {
            transfer.callbackFailed(e);
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (Throwable e) {
            LOG.warn("task on curl event loop {} threw", thread.getName(), e);
        }
    }

    private void finish(EasyHandle easy, CallbackTarget target, int result) {
        if (!(target instanceof RealTransfer transfer) || !transfer.added) {
            return;
        }
        TransferResult facts = TransferFacts.read(easy, transfer.handler.wantsTimings());
        remove(transfer);
        transfer.finish(result, facts);
        release(transfer);
    }

    private void remove(RealTransfer transfer) {
        transfer.added = false;
        active.remove(transfer);
        multi.remove(transfer.easy);
    }

    private void release(RealTransfer transfer) {
        inFlight.decrementAndGet();
        EasyHandle easy = transfer.easy;
        easy.confineTo(null);
        if (transfer.release != null && state == RUNNING) {
            try {
                transfer.release.accept(easy.facade());
                return;
            } catch (Throwable e) {
                LOG.warn("handle release callback threw; closing the handle", e);
            }
        }
        easy.close();
    }

    private void shutdown() {
        state = TERMINATED;
        EventLoopClosedException closed = new EventLoopClosedException("event loop " + thread.getName() + " closed");
        for (RealTransfer transfer : new ArrayList<>(active)) {
            remove(transfer);
            transfer.fail(closed);
            release(transfer);
        }
        rejectQueued();
        multi.close();
        driver.close();
        terminated.countDown();
    }

    /**
     * Fails every queued submission and runs the tasks that must not be dropped; safe from any
     * thread once the loop has ended.
     */
    private void rejectQueued() {
        LoopCommand command;
        while ((command = commands.poll()) != null) {
            if (command instanceof LoopCommand.Start start) {
                inFlight.decrementAndGet();
                reject(start.transfer());
            } else if (command instanceof LoopCommand.Task task && task.evenAfterClose()) {
                runLate(task.task());
            }
        }
    }

    /**
     * Runs a task that came too late for the loop. Off the loop thread it first waits for the loop
     * thread to end (its shutdown may still be failing transfers the task looks at); the lock keeps
     * late tasks from several threads apart.
     */
    private void runLate(Runnable task) {
        if (!inLoop()) {
            awaitTermination();
        }
        synchronized (lateTasks) {
            runTask(task);
        }
    }

    private void reject(RealTransfer transfer) {
        transfer.fail(new EventLoopClosedException("event loop " + thread.getName() + " is closed"));
        transfer.easy.confineTo(null);
        transfer.easy.close();
    }

    private void awaitTermination() {
        boolean interrupted = false;
        while (true) {
            try {
                if (terminated.await(100, TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (!thread.isAlive()) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
