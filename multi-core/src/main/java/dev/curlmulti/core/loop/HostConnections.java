package dev.curlmulti.core.loop;

import dev.curlmulti.core.internal.CallbackRegistry;
import dev.curlmulti.core.internal.CallbackTarget;
import dev.curlmulti.core.internal.SocketCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * One loop's connections per host, for pool meters: {@link HostCounts} per {@code host:port},
 * kept only while a {@link Watcher} watches and the loop keeps {@link LoopStats} (Linux: the counts
 * come from libcurl's socket callbacks). libcurl does not report connections per host, so they are
 * counted from what it does report: each socket it opens (for the transfer of the handle that opens
 * it) and closes, and for each transfer the local port of the connection it got (the pre-request
 * callback, libcurl 7.80+), which tells which transfers share one connection. A host whose counts
 * are all zero is forgotten ({@link HostCounts#retired()}), so a crawler keeps a bounded table.
 *
 * <p><b>Threading:</b> {@link #watch} and the limits from any thread; the counting and every
 * {@link Watcher} call on the loop thread. Transfers the loop took before the watcher arrived are
 * not counted.
 */
public final class HostConnections {
    private final CurlEventLoop loop;
    private final int maxHostConnections;
    private final int maxTotalConnections;
    /** Whether the loop counts sockets ({@link LoopConfig#accounting()}): the counts need it. */
    private final boolean enabled;
    // Loop thread only.
    private Watcher watcher;
    private final Map<String, HostCounts> hosts = new HashMap<>();
    private final Map<Integer, HostCounts> bySocket = new HashMap<>();

    /**
     * Hears a loop's hosts, on the loop thread: quick, never blocking, never calling libcurl. What it
     * throws is logged and dropped.
     */
    public interface Watcher {
        /** The loop counts a host it did not count before (or counts it again after forgetting it). */
        void hostSeen(HostCounts counts);

        /**
         * A transfer to the host stopped waiting for a connection after {@code nanos} (from the loop
         * taking it): it got one ({@code connected}), or it ended without one.
         */
        void pendingEnded(HostCounts counts, long nanos, boolean connected);
    }

    HostConnections(CurlEventLoop loop, LoopConfig config) {
        this.loop = loop;
        this.maxHostConnections = config.maxHostConnections();
        this.maxTotalConnections = config.maxTotalConnections();
        this.enabled = config.accounting();
    }

    /** {@code CURLMOPT_MAX_HOST_CONNECTIONS} of the loop (0: no limit). */
    public int maxHostConnections() {
        return maxHostConnections;
    }

    /** {@code CURLMOPT_MAX_TOTAL_CONNECTIONS} of the loop (0: no limit). */
    public int maxTotalConnections() {
        return maxTotalConnections;
    }

    /**
     * From the loop's next turn on, counts per host for {@code watcher} (null: stop counting new
     * transfers), which first hears every host counted already. Does nothing on a closed loop, or
     * one without {@link LoopConfig#accounting()}.
     */
    public void watch(Watcher watcher) {
        if (!enabled || loop.isClosed()) {
            return;
        }
        try {
            loop.execute(() -> {
                this.watcher = watcher;
                if (watcher != null) {
                    for (HostCounts counts : new ArrayList<>(hosts.values())) {
                        seen(watcher, counts);
                    }
                }
            });
        } catch (IllegalStateException closing) {
            // The loop closed meanwhile: nothing left to count.
        }
    }

    /** The listener of the loop's socket counter. */
    SocketCounts.Listener socketListener() {
        return new SocketCounts.Listener() {
            @Override
            public void opened(int fd, long id) {
                CallbackTarget target = CallbackRegistry.lookup(id);
                HostCounts counts = target instanceof RealTransfer transfer ? transfer.hostCounts() : null;
                if (counts != null) {
                    counts.opened();
                    bySocket.put(fd, counts);
                }
            }

            @Override
            public void closed(int fd) {
                HostCounts counts = bySocket.remove(fd);
                if (counts != null) {
                    counts.closed();
                    forgetIfUnused(counts);
                }
            }
        };
    }

    // ------------------------------------------------------------------ the loop's side

    /** The loop took a transfer to {@code url}: it waits for a connection. Null when not counting. */
    HostCounts begin(String url) {
        Watcher current = watcher;
        if (current == null || url == null) {
            return null;
        }
        String host = HostPort.of(url);
        HostCounts counts = hosts.get(host);
        if (counts == null) {
            counts = new HostCounts(host);
            hosts.put(host, counts);
            seen(current, counts);
        }
        counts.pendingAdded();
        return counts;
    }

    /** The transfer got a connection (its local port, or -1 when unknown) after waiting {@code nanos}. */
    void connected(HostCounts counts, int localPort, long nanos) {
        counts.pendingRemoved();
        if (localPort >= 0) {
            counts.onConnection(localPort);
        }
        pendingEnded(counts, nanos, true);
    }

    /** A followed redirect of a transfer went out on another connection. */
    void moved(HostCounts counts, int fromPort, int toPort) {
        if (fromPort >= 0) {
            counts.offConnection(fromPort);
        }
        if (toPort >= 0) {
            counts.onConnection(toPort);
        }
    }

    /**
     * The transfer ended: still pending ({@code nanos} waited), or on the connection with
     * {@code localPort} (-1: none known).
     */
    void ended(HostCounts counts, boolean pending, int localPort, long nanos) {
        if (pending) {
            counts.pendingRemoved();
            pendingEnded(counts, nanos, false);
        } else if (localPort >= 0) {
            counts.offConnection(localPort);
        }
        forgetIfUnused(counts);
    }

    private void forgetIfUnused(HostCounts counts) {
        if (counts.unused() && hosts.get(counts.host()) == counts) {
            hosts.remove(counts.host());
            counts.retire();
        }
    }

    private void pendingEnded(HostCounts counts, long nanos, boolean connected) {
        Watcher current = watcher;
        if (current != null) {
            try {
                current.pendingEnded(counts, nanos, connected);
            } catch (Throwable e) {
                CurlEventLoop.LOG.debug("host watcher threw", e);
            }
        }
    }

    private static void seen(Watcher watcher, HostCounts counts) {
        try {
            watcher.hostSeen(counts);
        } catch (Throwable e) {
            CurlEventLoop.LOG.debug("host watcher threw", e);
        }
    }
}
