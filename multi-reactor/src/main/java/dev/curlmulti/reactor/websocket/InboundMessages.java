package dev.curlmulti.reactor.websocket;

import dev.curlmulti.core.loop.CurlEventLoop;
import java.util.ArrayDeque;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * The session's {@link CurlWebSocket#receive()}: whole messages queued on the loop thread and
 * emitted there as the one subscriber asks for them. The queue's size, in bytes and in messages, is
 * what the session reads from the socket against ({@link #hasRoom()}): a peer flooding empty frames
 * fills it by count as surely as a large one by bytes. A message drained below both marks lets it
 * read again. Queued messages go out before the terminal signal, which comes exactly once.
 *
 * <p>Threading: {@link #subscribe}, {@code request} and {@code cancel} from any thread hop to the
 * loop; everything else is loop-thread only.
 */
final class InboundMessages extends Flux<WebSocketMessage> {
    /** Queued bytes at which the session stops reading from the socket. */
    static final int HIGH_WATER = 256 * 1024;
    /** Queued messages at which the session stops reading from the socket. */
    static final int MAX_MESSAGES = 1024;

    /** What the owner does when the queue has room again, or the subscriber cancels or throws. */
    interface Owner {
        void roomAgain();

        void receiveCancelled();

        /** The subscriber's {@code onNext} threw {@code error} (it was cancelled and told so). */
        void receiverFailed(Throwable error);
    }

    private final CurlEventLoop loop;
    private final Owner owner;
    private final ArrayDeque<WebSocketMessage> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long demand;
    private CoreSubscriber<? super WebSocketMessage> subscriber;
    private boolean subscribed;
    private boolean ended;
    private Throwable error;
    private boolean terminated;
    private boolean draining;
    private boolean again;

    InboundMessages(CurlEventLoop loop, Owner owner) {
        this.loop = loop;
        this.owner = owner;
    }

    @Override
    public void subscribe(CoreSubscriber<? super WebSocketMessage> actual) {
        onLoop(
                () -> {
                    if (subscribed) {
                        Operators.error(actual, new IllegalStateException("receive() allows one subscriber"));
                        return;
                    }
                    subscribed = true;
                    subscriber = actual;
                    actual.onSubscribe(new Subscription());
                    drain();
                },
                actual);
    }

    private final class Subscription implements org.reactivestreams.Subscription {
        @Override
        public void request(long n) {
            if (!Operators.validate(n)) {
                return;
            }
            onLoop(
                    () -> {
                        demand = Operators.addCap(demand, n);
                        drain();
                    },
                    null);
        }

        @Override
        public void cancel() {
            onLoop(
                    () -> {
                        if (!terminated) {
                            terminated = true;
                            subscriber = null;
                            queue.clear();
                            queuedBytes = 0;
                            owner.receiveCancelled();
                        }
                    },
                    null);
        }
    }

    /** Runs {@code action} on the loop; if the loop is gone, errors {@code orElse} (if any). */
    private void onLoop(Runnable action, CoreSubscriber<?> orElse) {
        if (loop.inLoop()) {
            action.run();
            return;
        }
        try {
            loop.execute(action);
        } catch (IllegalStateException closed) {
            if (orElse != null) {
                Operators.error(
                        orElse,
                        new WebSocketException("the session's event loop is closed", CloseStatus.ABNORMAL, closed));
            }
        }
    }

    /** A whole message arrived. */
    void offer(WebSocketMessage message) {
        if (terminated || ended) {
            return;
        }
        queue.add(message);
        queuedBytes += message.size();
        drain();
    }

    /** No more messages: completes (null) or errors after the queued ones. Idempotent. */
    void end(Throwable failure) {
        if (!ended) {
            ended = true;
            error = failure;
            drain();
        }
    }

    /** Whether a subscriber is there to take messages (not before one came, nor after it cancelled). */
    boolean hasSubscriber() {
        return subscriber != null;
    }

    /** Whether the session should read more from the socket. */
    boolean hasRoom() {
        return queuedBytes < HIGH_WATER && queue.size() < MAX_MESSAGES;
    }

    /** Whether the queue is full by its count of messages (then nothing more is read, not even at the upgrade). */
    boolean full() {
        return queue.size() >= MAX_MESSAGES;
    }

    /**
     * Hands {@code message} to the subscriber. One whose {@code onNext} throws (the Reactive Streams
     * rules forbid it, user code does it anyway) is done: it gets the error, the session ends with
     * it, and the exception goes no further (it would reach the loop, which runs other transfers).
     */
    private void deliver(WebSocketMessage message) {
        try {
            subscriber.onNext(message);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable error) {
            CoreSubscriber<? super WebSocketMessage> failed = subscriber;
            terminated = true;
            subscriber = null;
            queue.clear();
            queuedBytes = 0;
            try {
                failed.onError(error);
            } catch (RuntimeException ignored) {
                // nothing more is owed to a subscriber that throws from its signals
            }
            owner.receiverFailed(error);
        }
    }

    private void drain() {
        if (draining) {
            again = true; // the running drain goes round once more
            return;
        }
        draining = true;
        try {
            do {
                again = false;
                boolean wasFull = !hasRoom();
                while (subscriber != null && demand > 0 && !queue.isEmpty()) {
                    WebSocketMessage next = queue.poll();
                    queuedBytes -= next.size();
                    demand--;
                    deliver(next);
                }
                if (ended && queue.isEmpty() && subscriber != null && !terminated) {
                    terminated = true;
                    CoreSubscriber<? super WebSocketMessage> s = subscriber;
                    subscriber = null;
                    if (error == null) {
                        s.onComplete();
                    } else {
                        s.onError(error);
                    }
                }
                if (wasFull && hasRoom() && !ended) {
                    owner.roomAgain(); // reads, and what it offers sets "again"
                }
            } while (again);
        } finally {
            draining = false;
        }
    }
}
