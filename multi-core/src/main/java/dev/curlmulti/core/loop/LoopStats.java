package dev.curlmulti.core.loop;

import dev.curlmulti.core.internal.SocketCounts;
import java.util.function.IntSupplier;

/**
 * What one {@link CurlEventLoop} is doing, for metrics: time busy (not waiting for sockets or
 * timers), commands queued for it and not yet taken, sockets libcurl holds open (connections and
 * connection attempts; Linux). Kept only when the loop was made with
 * {@link LoopConfig#accounting()}; otherwise every figure reads 0.
 *
 * <p><b>Threading:</b> written by the loop thread, read from any thread; the queue is counted
 * when read (a walk of the queue: nothing is paid per command); each figure is read on its own, not
 * as a consistent snapshot.
 */
public final class LoopStats {
    private final boolean enabled;
    private final long startNanos = System.nanoTime();
    private final IntSupplier queueSize;
    private final SocketCounts.Counter sockets;
    private final HostConnections hosts;
    private volatile long idleNanos;
    /** When the current wait began, 0 while the loop works. */
    private volatile long waitingSince;

    private volatile int webSocketMultis;

    LoopStats(CurlEventLoop loop, LoopConfig config, IntSupplier queueSize) {
        this.enabled = config.accounting();
        this.queueSize = queueSize;
        this.hosts = new HostConnections(loop, config);
        this.sockets = new SocketCounts.Counter(hosts.socketListener());
    }

    /** Whether the figures are kept. */
    public boolean enabled() {
        return enabled;
    }

    /** Nanoseconds the loop thread has spent working (not waiting) since the loop started. */
    public long busyNanos() {
        if (!enabled) {
            return 0;
        }
        long now = System.nanoTime();
        long since = waitingSince;
        long idle = idleNanos + (since == 0 ? 0 : now - since);
        return Math.max(0, now - startNanos - idle);
    }

    /** Nanoseconds since the loop started. */
    public long aliveNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Commands (starts, cancels, resumes, tasks) queued for the loop and not yet taken. */
    public int queuedCommands() {
        return enabled ? queueSize.getAsInt() : 0;
    }

    /** Sockets libcurl holds open on this loop (Linux; 0 elsewhere). */
    public long openSockets() {
        return enabled ? sockets.open() : 0;
    }

    /**
     * Connections per host, counted while a {@link HostConnections.Watcher} watches (and only when
     * {@link #enabled()}: the counts need the socket callbacks that come with the figures).
     */
    public HostConnections hosts() {
        return hosts;
    }

    /**
     * The small multi handles this loop runs its WebSocket sessions in (at most 16 sessions each,
     * beside the loop's main multi handle); kept whether or not {@link #enabled()}.
     */
    public int webSocketMultis() {
        return webSocketMultis;
    }

    // ------------------------------------------------------------------ the loop's side

    void webSocketMultis(int count) {
        webSocketMultis = count;
    }

    void bindToLoopThread() {
        if (enabled) {
            SocketCounts.bind(sockets);
        }
    }

    void waitStarts() {
        if (enabled) {
            waitingSince = System.nanoTime();
        }
    }

    void waitEnds() {
        if (enabled) {
            long since = waitingSince;
            idleNanos += System.nanoTime() - since;
            waitingSince = 0;
        }
    }
}
