package dev.curlmulti.core.loop;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Keeps at most {@code maxWaiting} transfers in the main multi without a connection (0: no gate)
 * and holds the rest, in order. libcurl 8.x wakes every transfer waiting behind
 * CURLMOPT_MAX_TOTAL_CONNECTIONS whenever a connection frees, so with thousands waiting each
 * socket event costs milliseconds (2,000 transfers behind 32 connections took 11 s instead of 3 s
 * on the socket driver). Connect-only transfers (in their shards) do not count. Part of
 * {@link TransferRunner}; loop thread only.
 */
final class ConnectionGate {
    private final int maxWaiting;
    private final ArrayDeque<RealTransfer> held = new ArrayDeque<>();
    /** Transfers in the main multi that have no connection yet. */
    private final Set<RealTransfer> waiting = Collections.newSetFromMap(new IdentityHashMap<>());

    ConnectionGate(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    /** Whether a transfer beginning now must wait here: the gate is full, or others wait before it. */
    boolean mustHold() {
        return maxWaiting > 0 && (waiting.size() >= maxWaiting || !held.isEmpty());
    }

    void hold(RealTransfer transfer) {
        held.addLast(transfer);
    }

    /** Takes {@code transfer} out of the queue (cancelled while held); false if it was not held. */
    boolean unhold(RealTransfer transfer) {
        return held.remove(transfer);
    }

    /** The next held transfer there is room for in the multi now, else null. */
    RealTransfer nextToAdmit() {
        return waiting.size() < maxWaiting ? held.pollFirst() : null;
    }

    /** The next held transfer whatever the room (the loop is closing), else null. */
    RealTransfer pollHeld() {
        return held.pollFirst();
    }

    /** {@code transfer} went into the main multi: it waits for a connection there. */
    void waitsInMulti(RealTransfer transfer) {
        if (maxWaiting > 0) {
            waiting.add(transfer);
        }
    }

    /** {@code transfer} has its connection, or left the multi: it no longer waits. */
    void stoppedWaiting(RealTransfer transfer) {
        if (maxWaiting > 0) {
            waiting.remove(transfer);
        }
    }
}
