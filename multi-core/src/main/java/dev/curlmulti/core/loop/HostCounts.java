package dev.curlmulti.core.loop;

import java.util.HashMap;
import java.util.Map;

/**
 * One host's connections and waiting transfers on one loop ({@link HostConnections}): connections
 * open ({@link #total}), those carrying at least one transfer ({@link #active}), and transfers
 * still without a connection ({@link #pending}). The host is {@code host:port} of the transfers'
 * URL (the port made explicit for http, https, ws and wss).
 *
 * <p><b>Threading:</b> written by the loop thread only; every figure may be read from any thread,
 * without a lock, each on its own (not a consistent snapshot). Once {@link #retired()} (nothing
 * left open or waiting, the loop forgot the host) it stays at zero: a later transfer to the host
 * gets a new one.
 */
public final class HostCounts {
    private final String host;
    private volatile int total;
    private volatile int active;
    private volatile int pending;
    private volatile boolean retired;
    private volatile Object attachment;
    /** Transfers on each connection carrying any, by the connection's local port. Loop thread only. */
    private final Map<Integer, int[]> transfersByPort = new HashMap<>();

    HostCounts(String host) {
        this.host = host;
    }

    /** {@code host:port}. */
    public String host() {
        return host;
    }

    /** Connections open to the host (and connection attempts), idle or busy. */
    public int total() {
        return total;
    }

    /** Connections carrying at least one transfer (an HTTP/2 connection with several streams counts once). */
    public int active() {
        return active;
    }

    /** Open connections carrying no transfer: {@code total - active}, never below 0. */
    public int idle() {
        return Math.max(0, total - active);
    }

    /**
     * Transfers the loop took that have no connection yet: waiting at the loop's gate, queued in
     * libcurl behind its connection limits, or opening their connection.
     */
    public int pending() {
        return pending;
    }

    /** Whether the loop forgot these counts (all zero then). */
    public boolean retired() {
        return retired;
    }

    /** What a {@link HostConnections.Watcher} keeps with these counts (its meters), or null. */
    public Object attachment() {
        return attachment;
    }

    /** Keeps {@code value} with these counts for the watcher (any thread). */
    public void attach(Object value) {
        attachment = value;
    }

    // ------------------------------------------------------------------ the loop's side

    void pendingAdded() {
        pending++;
    }

    void pendingRemoved() {
        pending--;
    }

    void opened() {
        total++;
    }

    void closed() {
        total--;
    }

    void onConnection(int localPort) {
        int[] count = transfersByPort.computeIfAbsent(localPort, p -> new int[1]);
        if (count[0]++ == 0) {
            active++;
        }
    }

    void offConnection(int localPort) {
        int[] count = transfersByPort.get(localPort);
        if (count != null && --count[0] == 0) {
            transfersByPort.remove(localPort);
            active--;
        }
    }

    /** Nothing open or waiting: the loop may forget the host. */
    boolean unused() {
        return total <= 0 && pending <= 0 && transfersByPort.isEmpty();
    }

    void retire() {
        retired = true;
    }
}
