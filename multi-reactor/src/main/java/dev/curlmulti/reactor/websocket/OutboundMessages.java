package dev.curlmulti.reactor.websocket;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.WebSocketIo;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The session's sending side, on the loop thread: control frames (pongs, pings, the close) go
 * before queued data messages, but never inside one; data messages go in the order their {@link
 * #send} calls delivered them. Each {@link #send} asks its publisher for a few messages and for one
 * more whenever one is written, so the socket's pace reaches the publisher.
 */
final class OutboundMessages {
    /** Messages asked of a publisher ahead of the socket. */
    private static final int PREFETCH = 8;

    /** What the owner does when a close frame has gone out or sending failed. */
    interface Owner {
        void closeSent();

        /** The socket filled up, or took everything again: the session's write interest must follow. */
        void writeInterestChanged();

        void sendFailed(CurlException error);
    }

    private record Entry(int flags, ByteBuffer payload, Sender from) {}

    private final CurlEventLoop loop;
    private final Owner owner;
    private final ArrayDeque<Entry> control = new ArrayDeque<>();
    private final ArrayDeque<Entry> data = new ArrayDeque<>();
    private WebSocketIo io;
    /** The entry being written, to credit its sender when done. */
    private Entry current;

    private boolean blocked;
    private boolean closeQueued;
    /** Set when no more can be sent: the error later sends get. */
    private Throwable ended;

    OutboundMessages(CurlEventLoop loop, Owner owner) {
        this.loop = loop;
        this.owner = owner;
    }

    /** The session is open: sending may start. */
    void open(WebSocketIo opened) {
        this.io = opened;
        pump();
    }

    /** True while a message waits for the socket to take more. */
    boolean blocked() {
        return blocked;
    }

    Mono<Void> send(Publisher<WebSocketMessage> messages) {
        return new Mono<Void>() {
            @Override
            public void subscribe(CoreSubscriber<? super Void> actual) {
                Sender sender = new Sender(actual);
                actual.onSubscribe(sender);
                messages.subscribe(sender);
            }
        };
    }

    /** Queues a pong, a ping or the close frame (loop thread). */
    void control(int flags, byte[] payload) {
        if (ended != null || closeQueued) {
            return;
        }
        if ((flags & WebSocketIo.CLOSE) != 0) {
            closeQueued = true;
            failData(new WebSocketException("the WebSocket session is closing", CloseStatus.NORMAL, null));
        }
        if ((flags & WebSocketIo.PONG) != 0 && replacePendingPong(payload)) {
            return;
        }
        control.add(new Entry(flags, ByteBuffer.wrap(payload), null));
        pump();
    }

    /**
     * A pong not yet started is answered for by the newest ping alone (RFC 6455 5.5.3 allows it):
     * so a peer that pings and never reads our pongs queues one pong, not one per ping.
     */
    private boolean replacePendingPong(byte[] payload) {
        for (java.util.Iterator<Entry> it = control.iterator(); it.hasNext(); ) {
            Entry queued = it.next();
            if ((queued.flags() & WebSocketIo.PONG) != 0) {
                it.remove();
                control.add(new Entry(queued.flags(), ByteBuffer.wrap(payload), null));
                return true;
            }
        }
        return false;
    }

    /** Writes what the socket takes (loop thread, outside libcurl's callbacks). */
    void pump() {
        if (io == null || ended != null) {
            return;
        }
        boolean wasBlocked = blocked;
        write();
        if (blocked != wasBlocked && ended == null) {
            owner.writeInterestChanged();
        }
    }

    private void write() {
        try {
            while (true) {
                if (current == null) {
                    current = control.isEmpty() ? data.poll() : control.poll();
                    if (current == null) {
                        blocked = false;
                        return;
                    }
                    io.startMessage(current.flags(), current.payload());
                }
                if (!io.flush()) {
                    blocked = true;
                    return;
                }
                Entry done = current;
                current = null;
                if (done.from() != null) {
                    done.from().written();
                } else if ((done.flags() & WebSocketIo.CLOSE) != 0) {
                    blocked = false;
                    owner.closeSent();
                    return;
                }
            }
        } catch (CurlException e) {
            owner.sendFailed(e);
        }
    }

    /** No more sending: every waiting and later {@link #send} ends with {@code error}. */
    void end(Throwable error) {
        if (ended == null) {
            ended = error;
            control.clear();
            if (current != null && current.from() != null) {
                current.from().fail(error);
            }
            current = null;
            failData(error);
        }
    }

    private void failData(Throwable error) {
        Entry entry;
        while ((entry = data.poll()) != null) {
            entry.from().fail(error);
        }
    }

    /** One {@link #send} call: subscriber to its publisher, subscription for its Mono. */
    private final class Sender implements CoreSubscriber<WebSocketMessage>, Subscription {
        private final CoreSubscriber<? super Void> actual;
        private Subscription upstream;
        private long queued;
        private boolean upstreamDone;
        private boolean finished;

        Sender(CoreSubscriber<? super Void> actual) {
            this.actual = actual;
        }

        @Override
        public reactor.util.context.Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            s.request(PREFETCH);
        }

        @Override
        public void onNext(WebSocketMessage message) {
            onLoop(() -> {
                if (finished) {
                    return;
                }
                if (ended != null || closeQueued) {
                    fail(
                            ended != null
                                    ? ended
                                    : new WebSocketException(
                                            "the WebSocket session is closing", CloseStatus.NORMAL, null));
                    return;
                }
                queued++;
                data.add(new Entry(flagsOf(message), message.payload(), this));
                pump();
            });
        }

        @Override
        public void onError(Throwable t) {
            onLoop(() -> {
                if (!finished) {
                    finished = true;
                    actual.onError(t);
                }
            });
        }

        @Override
        public void onComplete() {
            onLoop(() -> {
                upstreamDone = true;
                completeIfDone();
            });
        }

        void written() {
            queued--;
            if (!upstreamDone && !finished) {
                upstream.request(1);
            }
            completeIfDone();
        }

        private void completeIfDone() {
            if (upstreamDone && queued == 0 && !finished) {
                finished = true;
                actual.onComplete();
            }
        }

        void fail(Throwable error) {
            if (!finished) {
                finished = true;
                upstream.cancel();
                actual.onError(error);
            }
        }

        @Override
        public void request(long n) {
            // a Mono<Void>: nothing to ask for
        }

        @Override
        public void cancel() {
            onLoop(() -> {
                if (!finished) {
                    finished = true;
                    upstream.cancel();
                }
            });
        }

        private void onLoop(Runnable action) {
            try {
                loop.execute(action);
            } catch (IllegalStateException closed) {
                if (!finished) {
                    finished = true;
                    upstream.cancel();
                    actual.onError(
                            new WebSocketException("the session's event loop is closed", CloseStatus.ABNORMAL, closed));
                }
            }
        }
    }

    private static int flagsOf(WebSocketMessage message) {
        return switch (message.type()) {
            case TEXT -> WebSocketIo.TEXT;
            case BINARY -> WebSocketIo.BINARY;
            case PING -> WebSocketIo.PING;
            case PONG -> WebSocketIo.PONG;
        };
    }
}
