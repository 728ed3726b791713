package dev.curlmulti.bench.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One WebSocket client under measurement by {@code bin/bench-websocket}, driven by {@code
 * WebSocketWorker} in its own JVM: it opens many sessions to an echo server, then each session
 * sends a small text message and waits for its echo before sending the next (one in flight per
 * session) until told to stop. Each session sends through one long-lived publisher and receives
 * through one subscription, the way an application holds a WebSocket open.
 *
 * <p>Used from one thread at a time, except that every session's echo arrives on its client's own
 * threads. An echo of the wrong size, a session error or a session that ends on its own fails the
 * next {@link #stop}, so a broken client cannot pass for a fast one.
 */
public abstract class WebSocketEchoClient implements AutoCloseable {
    /** Handshakes in progress at once while {@link #open} opens the sessions. */
    private static final int OPENING_CONCURRENCY = 64;

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** For every 2,000 sessions, at least once; at quit less than the 30 s the bench gives a worker. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);
    /**
     * How a session's outbound sink takes a message: the first one comes from {@link #start}'s
     * thread, and its echo may be back (and the next message on its way from the client's thread)
     * before that call has left the sink, which a sink refuses as non-serialized; spin until it has
     * (a matter of microseconds). {@code busyLooping(Duration)} would not do as a constant: its
     * deadline counts from its creation.
     */
    protected static final Sinks.EmitFailureHandler SERIALIZE = (signal, result) -> {
        if (result != Sinks.EmitResult.FAIL_NON_SERIALIZED) {
            return false;
        }
        Thread.onSpinWait();
        return true;
    };

    private final LongAdder echoed = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Session> sessions = new ArrayList<>();
    private volatile boolean running;
    private volatile Throwable failure;
    private String message = "";

    /**
     * Opens {@code count} sessions to {@code uri} (a few dozen handshakes at a time) and returns
     * once all are open. A client opens, closes ({@link #closeSessions}) and opens again as often as
     * it is told.
     */
    public final void open(String uri, int count) {
        List<Session> opened = Flux.range(0, count)
                .flatMap(i -> connect(uri), OPENING_CONCURRENCY)
                .collectList()
                .block(WAIT.multipliedBy(Math.max(1, count / 500)));
        if (opened == null || opened.size() != count) {
            throw new IllegalStateException(
                    "opened " + (opened == null ? 0 : opened.size()) + " of " + count + " sessions");
        }
        sessions.addAll(opened);
    }

    /** Sessions open now. */
    public final int sessions() {
        return sessions.size();
    }

    /**
     * Every session sends its first text message of {@code messageBytes} ASCII bytes; from then on
     * each echo makes its session send the next.
     */
    public final void start(int messageBytes) {
        checkHealthy();
        message = "x".repeat(messageBytes);
        sessions.forEach(Session::reset);
        running = true;
        inFlight.set(sessions.size());
        for (Session session : sessions) {
            session.sendNext();
        }
    }

    /** Echoes received so far, by all sessions, over the client's whole life. */
    public final long echoed() {
        return echoed.sum();
    }

    /**
     * Stops sending and waits until every session has its last echo back.
     *
     * @return the fewest echoes one session received since {@link #start}
     * @throws IllegalStateException a session failed, or the echoes did not all come back in time
     */
    public final long stop() throws InterruptedException {
        running = false;
        long giveUp = System.nanoTime() + WAIT.toNanos();
        while (inFlight.get() > 0 && failure == null) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException(
                        inFlight.get() + " echoes still missing after " + WAIT.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        checkHealthy();
        return sessions.stream().mapToLong(session -> session.count).min().orElse(0);
    }

    private void checkHealthy() {
        Throwable failed = failure;
        if (failed != null) {
            throw new IllegalStateException("a session failed: " + failed, failed);
        }
    }

    /**
     * Closes every session (close handshake, a few dozen at a time, at most {@link #CLOSE_WAIT} for
     * every 2,000); a session that does not end in time is left to the client's disposal.
     *
     * @return whether every session ended in time
     */
    public final boolean closeSessions() {
        sessions.forEach(session -> session.closing = true);
        try {
            Flux.fromIterable(sessions)
                    .flatMap(Session::close, OPENING_CONCURRENCY)
                    .then()
                    .block(CLOSE_WAIT.multipliedBy(Math.max(1, sessions.size() / 2000)));
            return true;
        } catch (RuntimeException e) {
            System.err.println("closing the sessions: " + e);
            return false;
        } finally {
            sessions.clear();
        }
    }

    /** Closes every session still open ({@link #closeSessions}), then the client. */
    @Override
    public final void close() {
        try {
            if (!sessions.isEmpty()) {
                closeSessions();
            }
        } finally {
            dispose();
        }
    }

    /** A session of this client to {@code uri}, emitted once the handshake has succeeded. */
    protected abstract Mono<Session> connect(String uri);

    /** Releases the client once its sessions are closed. */
    protected abstract void dispose();

    /** One session's side of the echo loop; implementations wire {@link #received} and {@link #failed} to it. */
    protected abstract class Session {
        /** Echoes since {@link #start}; written by the session's thread, read after {@link #stop}'s wait. */
        private long count;
        /** Set once the bench closes this session: its end is no failure then. */
        private volatile boolean closing;

        /** Sends {@code text} as one text message (from the session's own thread but for the first). */
        protected abstract void send(String text);

        /** Starts the close handshake; completes when the session has ended. */
        protected abstract Mono<Void> close();

        private void reset() {
            count = 0;
        }

        private void sendNext() {
            send(message);
        }

        /** An echo of {@code size} bytes arrived. */
        protected final void received(int size) {
            if (size != message.length()) {
                failed(new IllegalStateException("an echo of " + size + " bytes, sent " + message.length()));
                return;
            }
            echoed.increment();
            count++;
            if (running) {
                sendNext();
            } else {
                inFlight.decrementAndGet();
            }
        }

        /** The session failed (ignored once it is being closed). */
        protected final void failed(Throwable error) {
            if (!closing && failure == null) {
                failure = error;
            }
        }

        /** The session ended (a failure unless it is being closed). */
        protected final void ended() {
            failed(new IllegalStateException("a session ended while the client was running"));
        }
    }
}
