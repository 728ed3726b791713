package dev.curlmulti.core.loop;

import static dev.curlmulti.core.loop.SocketActionCodes.CURL_CSELECT_IN;
import static dev.curlmulti.core.loop.SocketActionCodes.CURL_CSELECT_OUT;
import static dev.curlmulti.core.loop.SocketActionCodes.CURL_POLL_IN;
import static dev.curlmulti.core.loop.SocketActionCodes.CURL_POLL_OUT;
import static dev.curlmulti.core.loop.SocketActionCodes.CURL_POLL_REMOVE;
import static dev.curlmulti.core.loop.SocketActionCodes.CURL_SOCKET_TIMEOUT;

import dev.curlmulti.core.CurlMultiOpt;
import dev.curlmulti.core.internal.CallbackDispatch;
import dev.curlmulti.core.internal.CallbackKind;
import dev.curlmulti.core.internal.CallbackRegistry;
import dev.curlmulti.core.internal.MultiHandle;
import dev.curlmulti.core.internal.NativeBinding;
import dev.curlmulti.core.internal.SocketEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The small multi handles a loop runs its connect-only transfers (WebSocket sessions) in, at most
 * {@value #SESSIONS_PER_SHARD} to a shard, beside the loop's main multi handle.
 *
 * <p><b>Why:</b> libcurl finds a connect-only transfer's connection again on every {@code curl_ws_send}
 * and on every socket read {@code curl_ws_recv} makes ({@code easy_connection} → {@code
 * Curl_getconnectinfo} → {@code Curl_cpool_get_conn} in 8.14 and 8.22 alike), by walking the
 * connections of the transfer's pool, which is its multi handle's. With every session in one multi a
 * message cost grew with the sessions on the loop (perf: that walk was 37% of the loop's CPU with
 * 1,000 sessions on one loop, libcurl 8.22). In a shard the walk is at most
 * {@value #SESSIONS_PER_SHARD} connections long, whatever the number of sessions.
 *
 * <p><b>Driving:</b> each shard runs on {@code curl_multi_socket_action}, whatever the loop's driver:
 * its socket callback asks the loop's driver to watch the handshake's sockets ({@link
 * LoopDriver#watch}, the same epoll set or poll as everything else), and a ready socket goes to the
 * shard's socket action. While a shard has handshakes in flight, every turn reads its timer
 * ({@code curl_multi_timeout}) and its completions; a shard whose sessions are all open has neither
 * and costs a turn nothing. A shard left with no session is closed at the end of the turn.
 *
 * <p><b>Threading and ownership:</b> loop thread only; the loop closes it (after ending every
 * transfer) before its main multi.
 */
final class WebSocketShards {
    /**
     * Sessions per multi handle: with 16, a walk is at most 16 connections (a few hundred
     * nanoseconds), and 10,000 sessions need 625 multi handles.
     */
    static final int SESSIONS_PER_SHARD = 16;

    private static final NativeBinding NATIVE = NativeBinding.get();

    private final CurlEventLoop loop;
    private final List<Shard> shards = new ArrayList<>();
    /** Shards with a handshake in flight: the only ones a turn looks at. */
    private final List<Shard> handshaking = new ArrayList<>();

    private final List<Shard> emptied = new ArrayList<>();
    private WebSocketBuffers buffers;
    /** Inside a shard's socket action: libcurl is on the stack. */
    private boolean performing;

    WebSocketShards(CurlEventLoop loop) {
        this.loop = loop;
    }

    /**
     * The shard a new connect-only transfer goes into: one with room, or a new one. Its handshake
     * counts as in flight until {@link #opened} or {@link #left}.
     */
    Shard place() {
        Shard shard = null;
        for (int i = shards.size() - 1; i >= 0 && shard == null; i--) {
            Shard candidate = shards.get(i);
            if (candidate.sessions < SESSIONS_PER_SHARD && !candidate.closed) {
                shard = candidate;
            }
        }
        if (shard == null) {
            shard = new Shard();
            shards.add(shard);
            loop.stats().webSocketMultis(shards.size());
        }
        shard.sessions++;
        if (shard.handshakes++ == 0) {
            handshaking.add(shard);
        }
        emptied.remove(shard);
        return shard;
    }

    /** An upgrade in {@code shard} succeeded: the shard no longer needs a turn's attention for it. */
    void opened(Shard shard) {
        if (--shard.handshakes == 0) {
            handshaking.remove(shard);
        }
    }

    /**
     * A transfer was removed from {@code shard}'s multi (ended, cancelled, failed), {@code
     * handshaking} when its upgrade had not succeeded.
     */
    void left(Shard shard, boolean handshaking) {
        if (handshaking) {
            opened(shard);
        }
        if (--shard.sessions == 0) {
            emptied.add(shard); // closed at the end of the turn: its completions may be being read
        }
    }

    /** Runs the timer of every shard with a handshake in flight whose timer is due. */
    void perform() {
        for (int i = 0; i < handshaking.size(); i++) {
            Shard shard = handshaking.get(i);
            if (shard.multi.timeout() == 0) {
                shard.action(CURL_SOCKET_TIMEOUT, 0);
            }
        }
    }

    /** Hands the completions of shards with handshakes in flight to {@code sink}, then closes emptied shards. */
    void readCompletions(MultiHandle.CompletionSink sink) {
        if (!handshaking.isEmpty()) {
            for (Shard shard : new ArrayList<>(handshaking)) {
                if (!shard.closed) {
                    shard.multi.readCompletions(Integer.MAX_VALUE, sink);
                }
            }
        }
        if (!emptied.isEmpty()) {
            for (Shard shard : emptied) {
                if (shard.sessions == 0) {
                    shards.remove(shard);
                    shard.close();
                }
            }
            emptied.clear();
            loop.stats().webSocketMultis(shards.size());
        }
    }

    /** Milliseconds until the first shard timer is due, or -1 for none. */
    long millisUntilTimer() {
        long next = -1;
        for (int i = 0; i < handshaking.size(); i++) {
            long due = handshaking.get(i).multi.timeout();
            if (due >= 0 && (next < 0 || due < next)) {
                next = due;
            }
        }
        return next;
    }

    /** True inside a shard's socket action, where libcurl's callbacks run. */
    boolean performing() {
        return performing;
    }

    /** The loop's native buffers for {@code curl_ws_recv} and {@code curl_ws_send}, made at first use. */
    WebSocketBuffers buffers() {
        if (buffers == null) {
            buffers = new WebSocketBuffers();
        }
        return buffers;
    }

    /** Closes every shard (their transfers have been removed) and frees the buffers. */
    void close() {
        for (Shard shard : shards) {
            shard.close();
        }
        shards.clear();
        loop.stats().webSocketMultis(0);
        handshaking.clear();
        emptied.clear();
        if (buffers != null) {
            buffers.close();
            buffers = null;
        }
    }

    /** One small multi handle and the sockets its handshakes use. */
    final class Shard implements SocketEvents {
        final MultiHandle multi;
        private final long id = CallbackRegistry.allocate();
        /** The watchers of the sockets libcurl asked this shard to watch, by descriptor. */
        private final Map<Integer, SocketWatcher> sockets = new HashMap<>();

        int sessions;
        int handshakes;
        boolean closed;

        Shard() {
            MultiHandle opened = new MultiHandle(loop);
            try {
                opened.confineTo(Thread.currentThread());
                CallbackDispatch.registerSocketEvents(id, this);
                opened.setPointer(CurlMultiOpt.SOCKETFUNCTION, NATIVE.callbackAddress(CallbackKind.SOCKET));
                opened.setPointer(CurlMultiOpt.SOCKETDATA, id);
            } catch (RuntimeException e) {
                CallbackDispatch.unregisterSocketEvents(id);
                CallbackRegistry.release(id);
                opened.close();
                throw e;
            }
            multi = opened;
        }

        @Override
        public void onSocket(int socket, int what) {
            SocketWatcher mine = sockets.get(socket);
            SocketWatcher current = loop.watcher(socket);
            if (current != null && current != mine) {
                // Handed over to its session (WebSocketIo), which decides what to watch: libcurl
                // still reports the socket now and then, from curl_ws_send and curl_ws_recv too.
                sockets.remove(socket);
                return;
            }
            if (what == CURL_POLL_REMOVE) {
                sockets.remove(socket);
                // A socket handed over to its session (WebSocketIo) is the session's to watch now.
                if (mine != null && loop.watcher(socket) == mine) {
                    loop.watch(socket, 0, mine);
                }
                return;
            }
            if (mine == null) {
                mine = (readable, writable) ->
                        action(socket, (readable ? CURL_CSELECT_IN : 0) | (writable ? CURL_CSELECT_OUT : 0));
                sockets.put(socket, mine);
            }
            int events = ((what & CURL_POLL_IN) != 0 ? SocketWatcher.READ : 0)
                    | ((what & CURL_POLL_OUT) != 0 ? SocketWatcher.WRITE : 0);
            loop.watch(socket, events, mine);
        }

        void action(int socket, int mask) {
            if (closed) {
                return;
            }
            boolean outer = !performing;
            performing = true;
            try {
                multi.socketAction(socket, mask);
            } finally {
                if (outer) {
                    performing = false;
                }
            }
        }

        void close() {
            if (!closed) {
                closed = true;
                multi.close(); // may report its sockets removed: the map still answers
                for (Map.Entry<Integer, SocketWatcher> entry : sockets.entrySet()) {
                    if (loop.watcher(entry.getKey()) == entry.getValue()) {
                        loop.watch(entry.getKey(), 0, entry.getValue());
                    }
                }
                sockets.clear();
                CallbackDispatch.unregisterSocketEvents(id);
                CallbackRegistry.release(id);
            }
        }
    }
}
