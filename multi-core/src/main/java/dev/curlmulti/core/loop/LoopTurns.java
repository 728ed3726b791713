package dev.curlmulti.core.loop;

import dev.curlmulti.core.internal.FatalErrors;
import dev.curlmulti.core.internal.MultiHandle;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loop thread's side of a {@link CurlEventLoop}: the native things it owns (the multi handle,
 * its driver, the WebSocket shards) with the runner and timers that use them, and the turn it runs
 * until the loop closes. Its owner, {@link CurlEventLoop}, keeps the lifecycle and the command
 * queue other threads fill; this drains the queue.
 *
 * <p><b>A turn:</b> take the whole command queue, let libcurl work (the driver's perform and the
 * shards' timers), read every completion and finish those transfers, admit transfers held at the
 * connection gate, run due timers, throw a {@link VirtualMachineError} a callback recorded, close
 * the cached connections of a loop idle long enough, then wait up to libcurl's timeout (or the
 * next timer), woken early by {@link #wakeUp()}.
 *
 * <p><b>Threading and ownership:</b> loop thread only after construction, but for {@link #wakeUp()}
 * (any thread). {@link #close()} frees the native handles, shards before the multi, once the owner
 * has ended every transfer ({@link #endAll}).
 */
final class LoopTurns {
    private static final long POLL_MS = 1000;

    private final CurlEventLoop loop;
    private final Thread thread;
    private final LoopConfig config;
    private final Queue<LoopCommand> commands;
    private final AtomicInteger inFlight;
    private final LoopStats stats;
    /** Set by a thread that woke the loop; cleared before each turn drains the queue. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Replaced (with the driver and runner) when idle connections are closed. */
    private MultiHandle multi;
    /** Read by {@link #wakeUp} callers on any thread. */
    private volatile LoopDriver driver;

    private TransferRunner runner;
    /** The small multis WebSocket sessions run in. */
    private final WebSocketShards shards;

    private final IdleConnections idleConnections;
    private final TimerQueue timers = new TimerQueue();

    /** Opens the multi handle for {@code thread} (not started yet); throws what applying {@code config} throws. */
    LoopTurns(
            CurlEventLoop loop,
            Thread thread,
            LoopConfig config,
            Queue<LoopCommand> commands,
            AtomicInteger inFlight,
            LoopStats stats) {
        this.loop = loop;
        this.thread = thread;
        this.config = config;
        this.commands = commands;
        this.inFlight = inFlight;
        this.stats = stats;
        this.shards = new WebSocketShards(loop);
        Duration idleClose = config.closeIdleConnectionsAfter();
        idleConnections = new IdleConnections(idleClose == null ? 0 : idleClose.toNanos());
        openMulti();
        timers.ownedBy(thread);
        multi.confineTo(thread);
    }

    /** A multi handle with the loop's settings, its driver and its runner. */
    private void openMulti() {
        MultiHandle opened = new MultiHandle(loop);
        try {
            config.applyTo(opened);
            driver = LoopDriver.create(config.driver(), opened);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        multi = opened;
        // Gate transfers waiting for a connection only where libcurl makes them wait (total limit).
        int total = config.maxTotalConnections();
        runner = new TransferRunner(loop, thread, opened, shards, inFlight, total > 0 ? Math.max(16, 2 * total) : 0);
    }

    /** The runner of the current multi handle (replaced with it when idle connections are closed). */
    TransferRunner runner() {
        return runner;
    }

    TimerQueue timers() {
        return timers;
    }

    /** True while libcurl is on the loop thread's stack (a perform, a shard's socket action, an unpause). */
    boolean insideLibcurl() {
        return multi.isPerforming() || shards.performing() || runner.insideLibcurl();
    }

    /** {@link LoopDriver#watch}. */
    void watch(int fd, int events, SocketWatcher watcher) {
        driver.watch(fd, events, watcher);
    }

    /** {@link LoopDriver#watcher}. */
    SocketWatcher watcher(int fd) {
        return driver.watcher(fd);
    }

    /** The loop's buffers for WebSocket frames. */
    WebSocketBuffers webSocketBuffers() {
        return shards.buffers();
    }

    /**
     * Wakes the loop from its wait, unless a wakeup is already pending (any thread). The loop clears
     * the flag before it drains the queue, so one wakeup per turn is enough.
     *
     * @return true when this call sent the wakeup
     */
    boolean wakeUp() {
        if (!wakeupPending.compareAndSet(false, true)) {
            return false;
        }
        driver.wakeup();
        return true;
    }

    /** Runs turns until the loop closes; throws what ends the loop otherwise (a {@link VirtualMachineError}). */
    void run() throws Throwable {
        stats.bindToLoopThread();
        while (!loop.isClosed()) {
            wakeupPending.set(false);
            drainCommands();
            if (loop.isClosed()) {
                break;
            }
            driver.perform();
            shards.perform();
            multi.readCompletions(Integer.MAX_VALUE, runner::finish);
            shards.readCompletions(runner::finish);
            runner.admitHeld();
            if (timers.size() > 0) {
                runDueTimers();
            }
            Throwable fatal = FatalErrors.take();
            if (fatal != null) {
                throw fatal;
            }
            long now = System.nanoTime();
            idleConnections.turnEnded(inFlight.get(), now);
            if (commands.isEmpty() && idleConnections.due(now)) {
                closeIdleConnections();
                continue;
            }
            if (commands.isEmpty()) {
                long wait = idleConnections.millisUntilDue(now, POLL_MS);
                long shardTimer = shards.millisUntilTimer();
                wait = shardTimer < 0 ? wait : Math.min(wait, shardTimer);
                stats.waitStarts();
                driver.await(timers.size() == 0 ? wait : Math.min(wait, timers.millisUntilNext(now)));
                stats.waitEnds();
            }
        }
    }

    private void drainCommands() {
        LoopCommand command;
        while ((command = commands.poll()) != null) {
            if (command instanceof LoopCommand.Start start) {
                runner.begin(start.transfer());
            } else if (command instanceof LoopCommand.Cancel cancel) {
                runner.cancelNow(cancel.transfer());
            } else if (command instanceof LoopCommand.Resume resume) {
                runner.resumeNow(resume.transfer());
            } else if (command instanceof LoopCommand.Task task) {
                loop.runTask(task.task());
            }
            // Shutdown: the loop is already closing, which ends the turn.
        }
    }

    private void runDueTimers() {
        long now = System.nanoTime();
        TimerQueue.Entry due;
        while (loop.isRunning() && (due = timers.pollDue(now)) != null) {
            loop.runTask(due.task);
        }
    }

    /**
     * Closes the cached connections of a loop with nothing running: libcurl offers no call for it
     * but {@code curl_multi_cleanup}, so the multi handle (and its driver) is replaced. Safe between
     * turns: no transfer is attached, and a wakeup sent to the old driver is not lost, because
     * the next turn looks at the command queue before it waits.
     */
    private void closeIdleConnections() {
        LoopDriver old = driver;
        multi.close(); // closes the connections; the socket driver hears of each before it goes
        old.close();
        openMulti();
        multi.confineTo(thread);
        idleConnections.closed();
        CurlEventLoop.LOG.debug("curl event loop {} closed its idle connections", thread.getName());
    }

    /** Ends every transfer still in a multi or held with {@code error}, and drops the timers. */
    void endAll(Throwable error) {
        runner.endAll(error);
        timers.clear();
    }

    /** Frees the shards, then the multi handle, then its driver: after {@link #endAll}. */
    void close() {
        shards.close();
        multi.close();
        driver.close();
    }
}
