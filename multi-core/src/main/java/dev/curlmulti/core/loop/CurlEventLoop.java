package dev.curlmulti.core.loop;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.internal.EasyHandle;
import dev.curlmulti.core.internal.FatalErrors;
import dev.curlmulti.core.internal.Internals;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p><b>Inside:</b> this class is the loop's face to other threads: its lifecycle (running,
 * draining, closing, terminated) and the command queue. What the loop thread owns and does each
 * turn is {@link LoopTurns}; what it does to each transfer is {@link TransferRunner}.
 */
public final class CurlEventLoop implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(CurlEventLoop.class);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static final int RUNNING = 0;
    private static final int DRAINING = 1;
    private static final int CLOSING = 2;
    private static final int TERMINATED = 3;

    private final Thread thread;
    private final ConcurrentLinkedQueue<LoopCommand> commands = new ConcurrentLinkedQueue<>();
    /** Lock for {@link #runLate}. */
    private final Object lateTasks = new Object();

    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LoopStats stats;
    /** What the loop thread owns and does; its methods are for the loop thread but {@code wakeUp}. */
    private final LoopTurns turns;

    private volatile int state = RUNNING;
    /** What ended the loop thread, when something did (not a close). */
    private volatile Throwable failure;

    /** A loop with no connection limits, named {@code curl-loop-N}. */
    public CurlEventLoop() {
        this("curl-loop-" + NAMES.incrementAndGet(), LoopConfig.DEFAULT);
    }

    /** A loop whose thread is called {@code name}, with {@code config} applied to its multi handle. */
    public CurlEventLoop(String name, LoopConfig config) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        stats = new LoopStats(this, config, commands::size);
        turns = new LoopTurns(this, thread, config, commands, inFlight, stats);
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
        return newTransfer(easy, handler, upload, release, null);
    }

    /** {@link #newTransfer}, connect-only with its {@link WebSocketIo} when {@code webSocket} is not null. */
    RealTransfer newTransfer(
            Curl easy,
            TransferHandler handler,
            UploadSource upload,
            Consumer<Curl> release,
            WebSocketIo.Events webSocket) {
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
        return new RealTransfer(this, handle, handler, upload, release, webSocket);
    }

    /**
     * Hands a transfer to the loop thread, or fails it at once when the loop is closed. On the loop
     * thread, outside libcurl's callbacks, it starts at once: no queue, no wakeup (a subscriber that
     * asks for the next request when one completes does so here).
     */
    void start(RealTransfer transfer) {
        if (state != RUNNING) {
            reject(transfer);
            return;
        }
        inFlight.incrementAndGet();
        if (actsAtOnce()) {
            turns.runner().begin(transfer);
        } else {
            enqueue(new LoopCommand.Start(transfer));
        }
    }

    /** On the loop thread and not inside a libcurl call: commands may act at once. */
    private boolean actsAtOnce() {
        return inLoop() && !turns.insideLibcurl() && state == RUNNING;
    }

    /**
     * Runs {@code task} on the loop thread after {@code delay} (the loop's own timer queue, checked
     * every turn: no thread of another scheduler). Dropped if the loop closes first. Safe from any
     * thread; from the loop thread the timer is in place before this returns.
     */
    public LoopTimer schedule(Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        TimerQueue timers = turns.timers();
        TimerQueue.Entry entry = timers.new Entry(System.nanoTime() + unit.toNanos(Math.max(0, delay)), task);
        if (inLoop()) {
            timers.add(entry);
        } else {
            execute(() -> timers.add(entry));
        }
        return entry;
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

    /** {@link LoopDriver#watch}: loop thread only. */
    void watch(int fd, int events, SocketWatcher watcher) {
        turns.watch(fd, events, watcher);
    }

    /** {@link LoopDriver#watcher}: loop thread only. */
    SocketWatcher watcher(int fd) {
        return turns.watcher(fd);
    }

    /** The loop's buffers for WebSocket frames: loop thread only. */
    WebSocketBuffers webSocketBuffers() {
        return turns.webSocketBuffers();
    }

    /** True when called on this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Transfers submitted and not yet finished. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Busy time, queued commands and open sockets, when the loop keeps them ({@link LoopConfig#accounting()}). */
    public LoopStats stats() {
        return stats;
    }

    /**
     * Whether the loop thread ended on an error (a {@link VirtualMachineError} in a handler or
     * callback, or a failure of the loop itself) rather than a close; its transfers ended with
     * {@link EventLoopClosedException} carrying that error, and a {@link CurlEventLoopGroup} replaces it.
     */
    public boolean failed() {
        return failure != null;
    }

    /** {@code transfer} got its connection (from the pre-request callback, loop thread). */
    void connected(RealTransfer transfer) {
        turns.runner().connected(transfer);
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
        if (actsAtOnce()) {
            turns.runner().cancelNow(transfer);
        } else {
            enqueue(new LoopCommand.Cancel(transfer));
        }
    }

    void enqueueResume(RealTransfer transfer) {
        if (actsAtOnce()) {
            turns.runner().resumeNow(transfer);
        } else {
            enqueue(new LoopCommand.Resume(transfer));
        }
    }

    boolean isRunning() {
        return state == RUNNING;
    }

    private void enqueue(LoopCommand command) {
        commands.offer(command);
        if (state == TERMINATED) {
            rejectQueued();
            return;
        }
        // None is needed from the loop thread itself: it looks at the queue before it polls.
        if (!inLoop() && turns.wakeUp()) {
            if (state == TERMINATED) {
                rejectQueued();
            }
        }
    }

    // -------------------------------------------------------------------------- loop thread

    private void run() {
        try {
            turns.run();
        } catch (Throwable e) {
            failure = e;
            LOG.error("curl event loop {} failed; ending its transfers", thread.getName(), e);
        } finally {
            shutdown();
        }
    }

    /** Runs a task or timer on the loop thread: what it throws is logged, never the loop's end. */
    void runTask(Runnable task) {
        try {
            task.run();
        } catch (Throwable e) {
            FatalErrors.record(e);
            LOG.warn("task on curl event loop {} threw", thread.getName(), e);
        }
    }

    private void shutdown() {
        state = TERMINATED;
        Throwable failed = failure;
        turns.endAll(
                failed == null
                        ? new EventLoopClosedException("event loop " + thread.getName() + " closed")
                        : new EventLoopClosedException(
                                "event loop " + thread.getName() + " failed: " + failed, failed));
        rejectQueued();
        turns.close();
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
        TransferRunner.reject(transfer, new EventLoopClosedException("event loop " + thread.getName() + " is closed"));
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
