package dev.curlmulti.reactor.websocket;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlProtocolException;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.Headers;
import dev.curlmulti.core.loop.LoopTimer;
import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.loop.TransferResult;
import dev.curlmulti.core.loop.WebSocketIo;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

/**
 * One WebSocket session: the handler of its connect-only transfer, the reader of its socket, and
 * the {@link CurlWebSocket} its user holds. States: connecting until the 101, open, closing once a
 * close frame is queued (ours or our answer to the peer's), ended. Every field is the loop
 * thread's; public methods hop there. See {@link CurlWebSocket} for the contract.
 */
final class WebSocketSession
        implements CurlWebSocket, TransferHandler, WebSocketIo.Events, InboundMessages.Owner, OutboundMessages.Owner {
    /** Bytes read at the upgrade before the reader honours backpressure (see {@link WebSocketIo.Events#onOpen}). */
    private static final long FIRST_READ = 2L << 20;
    /**
     * Frame pieces read in one go before the loop turns to its other transfers: a peer that keeps
     * the socket full must not hold the loop (the rest is read by a task in the next turn).
     */
    private static final int PIECES_PER_TURN = 256;
    /** What a frame counts for against {@link #FIRST_READ} besides its payload: an empty frame is not free. */
    private static final int FRAME_COST = 2;

    private static final int CURLE_OPERATION_TIMEDOUT = 28;

    private enum State {
        CONNECTING,
        OPEN,
        CLOSING,
        ENDED
    }

    private final CurlEventLoop loop;
    private final WebSocketRequest request;
    private final MonoSink<CurlWebSocket> opened;
    private final MessageAssembler assembler;
    private final InboundMessages inbound;
    private final OutboundMessages outbound;
    private final Sinks.One<CloseStatus> closeStatus = Sinks.one();
    /** The handshake's {@code Sec-WebSocket-Key}, to check the server's accept against. */
    private final String key;
    /** A read task is queued for the next turn (a read stopped at {@link #PIECES_PER_TURN}). */
    private boolean readQueued;

    private Transfer transfer;
    private WebSocketIo io;
    private State state = State.CONNECTING;
    private volatile boolean open;
    /** Set before the session is given to the opening Mono's subscriber. */
    private volatile boolean handedOut;

    private volatile String protocol;
    private volatile Headers handshakeHeaders = Headers.empty();
    private Throwable handshakeFailure;
    private CloseStatus peerClose;
    private CloseStatus sentClose;
    /** The error to end with once the close frame is out (a message over the limit). */
    private Throwable endAfterClose;

    private boolean closeWritten;
    private LoopTimer closeTimer;
    private LoopTimer handshakeTimer;
    private LoopTimer pingTimer;
    private boolean awaitingPong;
    private long pings;

    WebSocketSession(CurlEventLoop loop, WebSocketRequest request, MonoSink<CurlWebSocket> opened) {
        this.loop = loop;
        this.request = request;
        this.opened = opened;
        this.assembler = new MessageAssembler(request.maxMessageSize());
        this.inbound = new InboundMessages(loop, this);
        this.outbound = new OutboundMessages(loop, this);
        this.key = HandshakeCheck.newKey();
    }

    /** The {@code Sec-WebSocket-Key} the handshake sends. */
    String key() {
        return key;
    }

    /** Ties the session to its transfer and the transfer's WebSocket side, before the transfer starts. */
    void bind(WebSocketIo bound) {
        this.io = bound;
        this.transfer = bound.transfer();
    }

    /** The opening Mono was cancelled: give up the handshake, if it has not succeeded. Any thread. */
    void cancelOpening() {
        if (!handedOut) {
            transfer.cancel();
        }
    }

    // ------------------------------------------------------------------ the handshake (loop)

    /**
     * Arms the handshake timeout. {@code CURLOPT_TIMEOUT_MS} is set too, but libcurl 8.22 (tested;
     * 8.14 still does) does not apply it while a connect-only upgrade waits for the server's answer:
     * a server that takes the request and never answers held the session forever.
     */
    @Override
    public void onStart(Transfer started) {
        handshakeTimer = loop.schedule(
                this::handshakeTimedOut, request.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void handshakeTimedOut() {
        handshakeTimer = null;
        if (state == State.CONNECTING && handshakeFailure == null) {
            handshakeFailure = CurlException.of(
                    CURLE_OPERATION_TIMEDOUT,
                    "the WebSocket handshake with " + request.uri() + " did not finish within "
                            + request.handshakeTimeout().toMillis() + " ms");
            transfer.cancel(handshakeFailure);
        }
    }

    @Override
    public void onHead(TransferHead head) {
        handshakeHeaders = head.headers();
        if (head.status() != 101) {
            handshakeFailure = new WebSocketHandshakeException(
                    request.uri() + " answered " + head.status() + " instead of upgrading to WebSocket",
                    head.status(),
                    head.headers());
            transfer.cancel(handshakeFailure);
            return;
        }
        String problem = HandshakeCheck.problem(head.headers(), request, key);
        if (problem != null) {
            // RFC 6455 4.1: the client must fail the connection; it never becomes a session.
            handshakeFailure = new WebSocketHandshakeException(
                    request.uri() + " did not upgrade by RFC 6455: " + problem, head.status(), head.headers());
            transfer.cancel(handshakeFailure);
            return;
        }
        protocol = head.headers().first("Sec-WebSocket-Protocol");
    }

    @Override
    public boolean onData(ByteBuffer chunk) {
        return true; // a connect-only transfer has no body; the 101 ends it
    }

    @Override
    public void onComplete(TransferResult result) {
        // Only when the server answered without upgrading and libcurl took that as a success.
        int status = result.responseCode();
        failOpening(
                handshakeFailure != null
                        ? handshakeFailure
                        : new WebSocketHandshakeException(
                                request.uri() + " answered " + status + " instead of upgrading to WebSocket",
                                status,
                                handshakeHeaders));
    }

    @Override
    public void onError(Throwable error) {
        if (state == State.CONNECTING) {
            failOpening(handshakeFailure != null ? handshakeFailure : error);
        } else {
            end(error); // the loop closed, or our own cancel (then this does nothing)
        }
    }

    private void failOpening(Throwable error) {
        if (state == State.CONNECTING) {
            state = State.ENDED;
            cancel(handshakeTimer);
            io.close();
            opened.error(error);
        }
    }

    @Override
    public boolean wantsTimings() {
        return false;
    }

    @Override
    public void onOpen() {
        cancel(handshakeTimer);
        state = State.OPEN;
        open = true;
        outbound.open(io);
        Duration interval = request.pingInterval();
        if (interval != null) {
            pingTimer = loop.schedule(this::ping, interval.toNanos(), TimeUnit.NANOSECONDS);
        }
        // The handshake succeeded: the session is the user's even if the first read ends it.
        handedOut = true;
        opened.success(this);
        read(FIRST_READ);
    }

    // --------------------------------------------------------------------- reading (loop)

    @Override
    public void onReadable() {
        read(0);
    }

    @Override
    public void roomAgain() {
        if (state == State.OPEN || state == State.CLOSING) {
            read(0); // bytes may wait in libcurl's or TLS's buffers, where the socket shows nothing
        }
    }

    /**
     * Reads while the receive queue has room (and at least {@code atLeast} bytes, see onOpen, unless
     * the queue is full by its count of messages), at most {@link #PIECES_PER_TURN} pieces.
     */
    private void read(long atLeast) {
        long readBytes = 0;
        int pieces = 0;
        try {
            while (state == State.OPEN || state == State.CLOSING) {
                if ((readBytes >= atLeast || inbound.full()) && !inbound.hasRoom() && !discarding()) {
                    break;
                }
                if (++pieces > PIECES_PER_TURN) {
                    readLater();
                    break;
                }
                int n = io.receive();
                if (n == WebSocketIo.AGAIN) {
                    break;
                }
                if (n == WebSocketIo.CLOSED) {
                    peerGone();
                    return;
                }
                readBytes += n + FRAME_COST;
                piece(io.frameFlags(), io.frameBytesLeft(), io.chunk(n));
            }
        } catch (WebSocketException e) {
            failWith(e);
        } catch (CurlProtocolException e) {
            // libcurl's decoder refused a frame ("[WS] masked input frame", a reserved bit or opcode, a
            // fragmented or oversized control frame): RFC 6455 7.1.7, fail the connection with 1002.
            failWith(new WebSocketProtocolException(
                    request.uri() + " broke the WebSocket framing: " + e.errorText(), CloseStatus.PROTOCOL_ERROR, e));
        } catch (CurlException e) {
            end(e);
        }
        watch();
    }

    /** Reading goes on in the next loop turn: bytes may wait in libcurl's buffers, not the socket. */
    private void readLater() {
        if (!readQueued) {
            readQueued = true;
            onLoop(() -> {
                readQueued = false;
                if (state == State.OPEN || state == State.CLOSING) {
                    read(0);
                }
            });
        }
    }

    private void piece(int flags, long bytesLeft, ByteBuffer chunk) throws WebSocketException {
        switch (assembler.accept(flags, bytesLeft, chunk)) {
            case MESSAGE -> {
                WebSocketMessage message = assembler.takeMessage();
                if (!discarding()) {
                    inbound.offer(message);
                }
            }
            case PING -> outbound.control(WebSocketIo.PONG, assembler.takeControl());
            case PONG -> {
                assembler.takeControl();
                awaitingPong = false;
            }
            case CLOSE -> peerClosed(assembler.takeControl());
            case NONE -> {}
        }
    }

    private void watch() {
        if (state == State.OPEN || state == State.CLOSING) {
            io.watch(inbound.hasRoom() || discarding(), outbound.blocked());
        }
    }

    /**
     * Closing with nobody to take messages: they are dropped so that the peer's close frame behind
     * them is read (else the close would wait for its timeout behind a full queue).
     */
    private boolean discarding() {
        return state == State.CLOSING && !inbound.hasSubscriber();
    }

    @Override
    public void onWritable() {
        outbound.pump();
        watch();
    }

    @Override
    public void writeInterestChanged() {
        watch(); // a send from a loop task filled the socket: without the write interest it would wait forever
    }

    // --------------------------------------------------------------------- closing (loop)

    /** The peer's close frame: answered with its code, or a protocol error (see {@link CloseFrames}). */
    private void peerClosed(byte[] payload) {
        CloseStatus status;
        try {
            status = CloseFrames.parse(payload, assembler.utf8(), request.uri());
        } catch (WebSocketProtocolException e) {
            failWith(e);
            return;
        }
        peerClose = status;
        inbound.end(null);
        if (sentClose == null) {
            // Answer with the same code, as RFC 6455 5.5.1 asks.
            startClosing(status.sendable() ? new CloseStatus(status.code(), "") : CloseStatus.NORMAL);
        } else if (closeWritten) {
            end(endAfterClose); // ours is out already
        }
    }

    private void startClosing(CloseStatus status) {
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSING;
        open = false;
        sentClose = status;
        outbound.control(WebSocketIo.CLOSE, CloseFrames.payload(status));
        watch();
    }

    @Override
    public void closeSent() {
        closeWritten = true;
        if (endAfterClose != null || peerClose != null) {
            end(endAfterClose);
        } else {
            closeTimer = loop.schedule(() -> end(null), request.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void sendFailed(CurlException error) {
        end(error);
    }

    /**
     * Ends the session because of what the peer sent (a message over the limit, a protocol error):
     * {@code receive()} fails with {@code error} at once, our close frame with its code goes out,
     * and the session ends when it is written (RFC 6455 7.1.7 does not wait for the peer's).
     */
    private void failWith(WebSocketException error) {
        inbound.end(error);
        endAfterClose = error;
        if (state == State.OPEN) {
            startClosing(error.closeStatus());
        } else {
            end(error);
        }
    }

    /** The connection ended (EOF): clean after a close frame either way, else abnormal. */
    private void peerGone() {
        if (peerClose != null || sentClose != null) {
            end(endAfterClose);
        } else {
            end(new WebSocketException(
                    "the WebSocket connection to " + request.uri() + " closed without a close frame",
                    CloseStatus.ABNORMAL,
                    new EOFException("connection closed by the peer")));
        }
    }

    private void ping() {
        pingTimer = null;
        if (state != State.OPEN) {
            return;
        }
        if (awaitingPong) {
            end(new WebSocketException(
                    "no pong from " + request.uri() + " within " + request.pingInterval(), CloseStatus.ABNORMAL, null));
            return;
        }
        awaitingPong = true;
        byte[] payload = ByteBuffer.allocate(8).putLong(++pings).array();
        outbound.control(WebSocketIo.PING, payload);
        watch();
        pingTimer = loop.schedule(this::ping, request.pingInterval().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Ends the session: every signal once, the connection dropped, the handle released. */
    private void end(Throwable error) {
        if (state == State.ENDED || state == State.CONNECTING) {
            return;
        }
        state = State.ENDED;
        open = false;
        cancel(closeTimer);
        cancel(pingTimer);
        CloseStatus status = peerClose != null
                ? peerClose
                : error instanceof WebSocketException w
                        ? w.closeStatus()
                        : error == null && sentClose != null ? sentClose : CloseStatus.ABNORMAL;
        io.close();
        transfer.cancel();
        Throwable failure = error != null
                ? error
                : new WebSocketException("the WebSocket session has ended (" + status.code() + ")", status, null);
        inbound.end(error);
        outbound.end(failure);
        closeStatus.tryEmitValue(status);
    }

    private static void cancel(LoopTimer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public void receiveCancelled() {
        startClosing(CloseStatus.NORMAL);
    }

    @Override
    public void receiverFailed(Throwable error) {
        // 1011, an unexpected condition: what Spring's sessions send when a handler fails
        failWith(new WebSocketException(
                "the receive() subscriber of " + request.uri() + " threw", CloseStatus.SERVER_ERROR, error));
    }

    // ------------------------------------------------------------------ the user's side

    @Override
    public Flux<WebSocketMessage> receive() {
        return inbound;
    }

    @Override
    public Mono<Void> send(Publisher<WebSocketMessage> messages) {
        return outbound.send(messages);
    }

    @Override
    public Mono<Void> close(CloseStatus status) {
        if (!status.sendable()) {
            throw new IllegalArgumentException("close code " + status.code() + " cannot be sent");
        }
        return Mono.defer(() -> {
            onLoop(() -> startClosing(status));
            return closeStatus.asMono().then();
        });
    }

    @Override
    public void dispose() {
        onLoop(() -> startClosing(CloseStatus.NORMAL));
    }

    @Override
    public boolean isDisposed() {
        return !open;
    }

    private void onLoop(Runnable action) {
        try {
            loop.execute(action);
        } catch (IllegalStateException closed) {
            // the loop has ended, and with it the session (its transfer got EventLoopClosedException)
        }
    }

    @Override
    public Mono<CloseStatus> closeStatus() {
        return closeStatus.asMono();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public Headers handshakeHeaders() {
        return handshakeHeaders;
    }

    @Override
    public String uri() {
        return request.uri();
    }

    @Override
    public String toString() {
        return "CurlWebSocket[" + request.uri() + (open ? ", open]" : ", closed]");
    }
}
