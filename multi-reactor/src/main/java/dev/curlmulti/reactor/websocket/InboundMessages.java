package dev.curlmulti.reactor.websocket;

import dev.curlmulti.core.loop.CurlEventLoop;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

import java.util.ArrayDeque;

/**
 * The session's {@link CurlWebSocket#receive()}: whole messages queued on the loop thread and
 * emitted there as the one subscriber asks for them. The queue's size in bytes is what the session
 * reads from the socket against ({@link #hasRoom()}); a message drained below the mark lets it read
 * again. Queued messages go out before the terminal signal, which comes exactly once.
 *
 * <p>Threading: {@link #subscribe}, {@code request} and {@code cancel} from any thread hop to the
 * loop; everything else is loop-thread only.
 */
final class InboundMessages extends Flux<WebSocketMessage> {
    /** Queued bytes at which the session stops reading from the socket. */
    static final int HIGH_WATER = 256 * 1024;

    /** What the owner does when the queue has room again or the subscriber cancels. */
    interface Owner {
        void roomAgain();

        void receiveCancelled();
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
        onLoop(() -> {
            if (subscribed) {
                Operators.error(actual, new IllegalStateException("receive() allows one subscriber"));
                return;
            }
            subscribed = true;
            subscriber = actual;
            actual.onSubscribe(new Subscription());
            drain();
        }, actual);
    }

    private final class Subscription implements org.reactivestreams.Subscription {
        @Override
        public void request(long n) {
            if (!Operators.validate(n)) {
                return;
            }
            onLoop(() -> {
                demand = Operators.addCap(demand, n);
                drain();
            }, null);
        }

        @Override
        public void cancel() {
            onLoop(() -> {
                if (!terminated) {
                    terminated = true;
                    subscriber = null;
                    queue.clear();
                    queuedBytes = 0;
                    owner.receiveCancelled();
                }
            }, null);
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
                Operators.error(orElse, new WebSocketException("the session's event loop is closed", CloseStatus.ABNORMAL, closed));
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

    /** Whether the session should read more from the socket. */
    boolean hasRoom() {
        return queuedBytes < HIGH_WATER;
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
                    subscriber.onNext(next);
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
