package dev.curlmulti.reactor.websocket;

import dev.curlmulti.core.loop.Headers;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An open WebSocket session on libcurl, from {@code CurlClient.websocket(...)}: messages in with
 * {@link #receive()}, out with {@link #send}, ended by a close handshake from either side.
 *
 * <p><b>Threading:</b> every method is safe from any thread. The session runs on one event-loop
 * thread of its client, like an HTTP transfer: {@link #receive()} emits there, and a subscriber
 * must not block it.
 *
 * <p><b>Backpressure:</b> received messages wait in a small queue until requested; when it holds
 * more than a few messages' worth (at least 256 KiB) the session stops reading from the socket, so
 * a slow consumer holds the server back through TCP instead of filling memory. Messages given to
 * {@link #send} are requested from their publisher as the socket takes them.
 *
 * <p><b>Control frames:</b> pings from the peer are answered with pongs automatically; pongs and
 * pings are not delivered to {@link #receive()}. The session sends its own pings when asked
 * ({@link WebSocketRequest.Builder#pingInterval}).
 *
 * <p><b>Ending:</b> {@link #close(CloseStatus)} sends a close frame after the message being sent,
 * waits for the peer's (at most {@link WebSocketRequest#closeTimeout()}) and drops the
 * connection; {@link #dispose()} and cancelling {@link #receive()} do the same with
 * {@link CloseStatus#NORMAL}. A peer's close frame is answered with the same code, completes
 * {@link #receive()} and sets {@link #closeStatus()}. A connection that drops without a close
 * frame errors {@link #receive()} with {@link WebSocketException} (1006). Every path ends
 * {@link #receive()}, every {@link #send} and {@link #closeStatus()} exactly once. The connection
 * and its handle are released when the session ends; nothing else needs closing.
 */
public interface CurlWebSocket extends Disposable {
    /**
     * The received text and binary messages, whole. One subscriber: a second one gets an {@link
     * IllegalStateException}. Completes after the peer's close frame; errors when the session
     * fails. Cancelling closes the session ({@link CloseStatus#NORMAL}).
     */
    Flux<WebSocketMessage> receive();

    /**
     * Sends {@code messages} in order, each as one frame, after those of earlier {@code send}
     * calls that are already queued. The publisher is asked for more as the socket takes what it
     * gave. Completes when the publisher completed and its last message is written to the socket;
     * errors with the publisher's error (the session stays open), or with a {@link
     * WebSocketException} when the session ends first.
     */
    Mono<Void> send(Publisher<WebSocketMessage> messages);

    /** {@link #send} of one message. */
    default Mono<Void> send(WebSocketMessage message) {
        return send(Mono.just(message));
    }

    /** {@link #send} of one text message. */
    default Mono<Void> sendText(CharSequence text) {
        return send(WebSocketMessage.text(text));
    }

    /**
     * Starts the close handshake with {@code status} (if the session is still open) and completes
     * when the session has ended; subscribing again gives the same end. Nothing happens until
     * subscribed.
     *
     * @throws IllegalArgumentException a status that cannot be sent (1005, 1006, 1015)
     */
    Mono<Void> close(CloseStatus status);

    /** {@link #close(CloseStatus)} with {@link CloseStatus#NORMAL}. */
    default Mono<Void> close() {
        return close(CloseStatus.NORMAL);
    }

    /**
     * The status the session ended with, once it has: the peer's close frame (1005 when it had no
     * code), ours when the peer never answered it, {@link CloseStatus#ABNORMAL} when the
     * connection dropped, 1009 after a message over the limit.
     */
    Mono<CloseStatus> closeStatus();

    /** True until the session starts closing or fails. */
    boolean isOpen();

    /** The subprotocol the server chose, or null. */
    String protocol();

    /** The headers of the server's 101 answer. */
    Headers handshakeHeaders();

    /** The URI the session was opened with. */
    String uri();

    /** Starts the close handshake with {@link CloseStatus#NORMAL} without waiting for it. */
    @Override
    void dispose();
}
