package dev.curlmulti.core.loop;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlInfo;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.internal.FatalErrors;
import dev.curlmulti.core.internal.LibraryInfo;
import dev.curlmulti.core.internal.LinuxEvents;
import dev.curlmulti.core.internal.NativeBinding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The WebSocket side of a {@code ws://} or {@code wss://} transfer on a {@link CurlEventLoop}.
 * libcurl does the upgrade as a connect-only transfer ({@code CURLOPT_CONNECT_ONLY} 2); when it
 * succeeds the transfer stays in the multi (removing it would close the connection), the loop
 * watches its socket for this object, and frames go in and out with {@code curl_ws_recv} and
 * {@code curl_ws_send}. The session ends like any transfer: by {@link Transfer#cancel()} (which
 * closes the connection), or by the loop closing.
 *
 * <p>Why not libcurl's write-callback mode: libcurl 8.14 drops frames with no payload there (an
 * empty message, the empty last fragment some servers send, a close frame without a code), and it
 * sends only from inside its callbacks without blocking. {@code curl_ws_recv} reports every frame.
 *
 * <p><b>Threading:</b> loop thread only, outside libcurl's callbacks: from the {@link Events}
 * methods or a task given to {@link CurlEventLoop#execute}.
 *
 * <p><b>Sending</b> is one message at a time ({@link #startMessage}, then {@link #flush()} until it
 * returns true): a control frame must not start while a data frame is half sent. libcurl's own
 * answer to pings is switched off ({@link #configure}) for that reason (it would send its pong in
 * the middle of a frame of ours), so the owner answers pings.
 *
 * <p><b>Ownership:</b> the owner {@link #close()}s it when the transfer has ended or is being
 * cancelled (it stops the watch); the handle is the loop's as usual. Frames go through the loop's
 * own native buffers ({@link WebSocketBuffers}), so an idle session holds none.
 *
 * <p><b>Where it runs:</b> the upgrade and the session's connection live in one of the loop's small
 * multi handles ({@link WebSocketShards}), not in its main one: libcurl walks a multi handle's
 * connections on every {@code curl_ws_send} and {@code curl_ws_recv}.
 */
public final class WebSocketIo implements AutoCloseable, SocketWatcher {
    /** Frame flags of {@code curl_ws_frame.flags} and {@code curl_ws_send}. */
    public static final int TEXT = 1;

    public static final int BINARY = 2;
    public static final int CONT = 4;
    public static final int CLOSE = 8;
    public static final int PING = 16;
    public static final int PONG = 64;
    /** {@link #receive()}: nothing to read now; watch for {@link Events#onReadable()}. */
    public static final int AGAIN = -1;
    /** {@link #receive()}: the peer closed the connection. */
    public static final int CLOSED = -2;
    /** 8.14.0: the first libcurl that lets its automatic pong be switched off. */
    public static final int MINIMUM_VERSION_NUM = 0x080e00;
    /** {@code CURLWS_RAW_MODE} for {@code CURLOPT_WS_OPTIONS}: {@code curl_ws_send} writes our frames as they are. */
    private static final int RAW_MODE = 1;
    /** {@code CURLWS_NOAUTOPONG} for {@code CURLOPT_WS_OPTIONS}. */
    private static final int NO_AUTO_PONG = 2;

    private static final int CURLE_GOT_NOTHING = 52;
    private static final int CURLE_AGAIN = 81;
    private static final int CHUNK = WebSocketBuffers.CHUNK;
    /**
     * The socket receive buffer asked for (see {@link #limitReceiveWindow()}). 16 KiB stalled the
     * peer about 200 ms per window now and then (TCP waiting on a small window; 1 GiB took minutes
     * instead of a second on loopback against python3-websockets, on 8.14 and 8.22 alike), while 48
     * KiB keeps a flood fast and still bounds what a paused session lets the peer send
     * (WebSocketPythonTest's slow consumer, 3 runs of 3 on each). 256 KiB did not bound it.
     */
    static final int RECEIVE_BUFFER = 48 * 1024;

    private static final NativeBinding NATIVE = NativeBinding.get();

    /** What the owner hears, on the loop thread, outside libcurl's callbacks. */
    public interface Events {
        /**
         * The upgrade succeeded (the handler had {@code onHead} with the 101). Read now, until
         * {@link #AGAIN}: libcurl ties the connection to the handle at the first read from the
         * socket, and until then its pool may close it as idle.
         */
        void onOpen();

        /** The socket has bytes (or an error) for {@link #receive()}, after {@link #watch}. */
        void onReadable();

        /** The socket takes bytes again (or has an error), after {@link #watch}. */
        void onWritable();
    }

    private final RealTransfer transfer;
    private final Events events;
    private int socket = -1;
    /** The loop's receive and send areas, shared by its sessions (set at the upgrade). */
    private WebSocketBuffers buffers;

    private int frameFlags;
    private long frameOffset;
    private long frameBytesLeft;
    private final byte[] meta = new byte[32];
    private final ByteBuffer metaView = ByteBuffer.wrap(meta).order(ByteOrder.nativeOrder());
    private WebSocketSender sender;
    private int watching;
    private boolean closed;

    /** Made by {@code transfer}'s constructor: a connect-only transfer and its WebSocket side belong together. */
    WebSocketIo(RealTransfer transfer, Events events) {
        this.transfer = transfer;
        this.events = events;
    }

    /**
     * Refuses a libcurl without WebSocket support with a message that names what to install.
     *
     * @throws UnsupportedOperationException the loaded libcurl is older than 8.14.0 or was built without ws
     */
    public static void checkSupported() {
        LibraryInfo library = NATIVE.library();
        boolean built =
                library.protocols().contains("ws") && library.protocols().contains("wss");
        if (!library.isAtLeast(MINIMUM_VERSION_NUM) || !built || !NATIVE.hasWebSocketApi()) {
            throw new UnsupportedOperationException("WebSocket needs libcurl "
                    + LibraryInfo.versionString(MINIMUM_VERSION_NUM)
                    + " or newer built with ws and wss; the loaded libcurl is " + library.version() + " ("
                    + library.file() + ", protocols " + library.protocols()
                    + "). On Debian 12 install libcurl4 or libcurl3-gnutls 8.14.1 from"
                    + " bookworm-backports and load it with -Ddev.curlmulti.libcurl=/path/to/libcurl.so.4,"
                    + " or add the multi-native-linux-x86_64 artifact (a bundled libcurl with ws and wss);"
                    + " see docs/websocket.md");
        }
    }

    /**
     * Sets what every WebSocket handle needs: connect-only mode, libcurl's automatic pong off, and
     * raw sending (frames are built here: {@link WebSocketSender} says why; receiving still goes
     * through libcurl's decoder).
     */
    public static void configure(Curl easy) {
        checkSupported();
        easy.setopt(CurlOpt.CONNECT_ONLY, 2L);
        easy.setopt(CurlOpt.WS_OPTIONS, RAW_MODE | NO_AUTO_PONG);
    }

    /**
     * A connect-only transfer of {@code easy} on {@code loop} (set up with {@link #configure}), not
     * started yet, and its WebSocket side, which reports to {@code events} once the upgrade
     * succeeded. Start it with {@link #transfer()}{@code .start()}; the loop owns {@code easy} as
     * with {@link CurlEventLoop#newTransfer}.
     *
     * @param handler receives the handshake's head and exactly one terminal call (the session's end)
     * @param release receives the handle after the transfer (on the loop thread), or {@code null} to close it
     * @throws IllegalStateException the handle is closed or running another transfer
     */
    public static WebSocketIo newTransfer(
            CurlEventLoop loop, Curl easy, TransferHandler handler, Events events, Consumer<Curl> release) {
        Objects.requireNonNull(events, "events");
        return loop.newTransfer(easy, handler, null, release, events).webSocket();
    }

    /** The connect-only transfer this is the WebSocket side of: start it, cancel it to end the session. */
    public Transfer transfer() {
        return transfer;
    }

    /** The upgrade succeeded (loop thread, from {@link RealTransfer#upgrade()}): the session opens. */
    void upgraded() {
        socket = (int) transfer.easy.getinfoLong(CurlInfo.ACTIVESOCKET);
        buffers = transfer.loop.webSocketBuffers();
        sender = new WebSocketSender(transfer, buffers);
        limitReceiveWindow();
        events.onOpen(); // what it throws ends this transfer only (RealTransfer.upgrade)
    }

    /**
     * Caps the socket's receive buffer at {@value #RECEIVE_BUFFER} bytes (the kernel doubles it).
     * libcurl's {@code curl_ws_recv} (8.14 and 8.22), when its own buffer is empty, keeps reading
     * from the socket for as long as each read fills a whole 64 KiB piece (its buffer has only a
     * soft limit): with an autotuned window of megabytes and a server that keeps up, one call
     * buffered hundreds of megabytes in a test while the session's consumer asked for nothing. A
     * window smaller than a piece ends every such call after one read, so backpressure bounds memory.
     * The price is a smaller TCP window for this socket: fine on a LAN, a limit on throughput over
     * long round trips.
     */
    private void limitReceiveWindow() {
        LinuxEvents linux = NATIVE.linux();
        if (linux.available()) {
            long value = NATIVE.malloc(4);
            try {
                NATIVE.view(value, 4).order(ByteOrder.nativeOrder()).putInt(0, RECEIVE_BUFFER);
                linux.setsockopt(socket, LinuxEvents.SOL_SOCKET, LinuxEvents.SO_RCVBUF, value, 4);
            } finally {
                NATIVE.free(value);
            }
        }
    }

    // ----------------------------------------------------------------------- receiving

    /**
     * Reads the next piece of a frame into {@link #chunk(int)} and its frame facts.
     *
     * @return the payload bytes read (0 for an empty frame), {@link #AGAIN} or {@link #CLOSED}
     * @throws CurlException libcurl could not read (a reset, a TLS error, a malformed frame)
     */
    public int receive() throws CurlException {
        checkOpen();
        long area = buffers.receive;
        int code = NATIVE.wsRecv(transfer.easy.nativeAddress(), buffers.receiveData(), CHUNK, area, area + 8);
        if (code == CURLE_AGAIN) {
            return AGAIN;
        } else if (code == CURLE_GOT_NOTHING) {
            return CLOSED;
        } else if (code != 0) {
            throw CurlException.of(code, transfer.easy.errorText(code));
        }
        ByteBuffer receiveView = buffers.receiveView;
        int length = (int) receiveView.getLong(0);
        // struct curl_ws_frame { int age; int flags; curl_off_t offset; curl_off_t bytesleft; size_t len; }
        NATIVE.read(receiveView.getLong(8), meta, 0, meta.length);
        frameFlags = metaView.getInt(4);
        frameOffset = metaView.getLong(8);
        frameBytesLeft = metaView.getLong(16);
        return length;
    }

    /**
     * The bytes the last {@link #receive()} read: a view of the loop's receive area, valid until the
     * next {@code receive()} of any session on this loop; copy what you keep.
     */
    public ByteBuffer chunk(int length) {
        return buffers.received(length);
    }

    /**
     * The frame's flags ({@link #TEXT}, {@link #BINARY}, {@link #CONT}, {@link #CLOSE}, {@link #PING}, {@link #PONG}).
     */
    public int frameFlags() {
        return frameFlags;
    }

    /** Where the chunk starts within its frame's payload. */
    public long frameOffset() {
        return frameOffset;
    }

    /** Payload bytes of the frame still to come after this chunk (0: the frame ends with it). */
    public long frameBytesLeft() {
        return frameBytesLeft;
    }

    // ------------------------------------------------------------------------- sending

    /**
     * Starts sending one message in one frame: {@code flags} is {@link #TEXT}, {@link #BINARY},
     * {@link #PING}, {@link #PONG} or {@link #CLOSE}; {@code payload}'s remaining bytes are the
     * payload (kept by reference, read as it goes). Then call {@link #flush()}.
     *
     * @throws IllegalStateException a message is still being sent, or this was closed
     */
    public void startMessage(int flags, ByteBuffer payload) {
        checkOpen();
        sender.start(flags, payload);
    }

    /** True while a message started with {@link #startMessage} is not fully sent. */
    public boolean sending() {
        return sender != null && sender.busy();
    }

    /**
     * Hands libcurl as much of the message as the socket takes now.
     *
     * @return true when the whole message is sent (a new one may start); false when the socket is
     *         full: watch for {@link Events#onWritable()} and call again
     * @throws CurlException libcurl could not send (the connection is gone)
     */
    public boolean flush() throws CurlException {
        checkOpen();
        return sender.flush(CURLE_AGAIN);
    }

    // ------------------------------------------------------------------------ watching

    /** Watches the socket for reading and/or writing (both false: not at all). */
    public void watch(boolean read, boolean write) {
        int wanted = (read ? READ : 0) | (write ? WRITE : 0);
        if (!closed && socket >= 0 && wanted != watching) {
            watching = wanted;
            transfer.loop.watch(socket, wanted, this);
        }
    }

    @Override
    public void ready(boolean readable, boolean writable) {
        try {
            if (writable && (watching & WRITE) != 0) {
                events.onWritable();
            }
            if (readable && (watching & READ) != 0 && !closed) {
                events.onReadable();
            }
        } catch (Throwable e) {
            contain(e);
        }
    }

    /**
     * An exception out of the owner's code ends this session only, never the loop (which runs
     * every other transfer): the transfer is cancelled with it, so the owner hears it through
     * {@code onError}. A {@link VirtualMachineError} still ends the loop, once libcurl has returned.
     */
    private void contain(Throwable e) {
        FatalErrors.record(e);
        CurlEventLoop.LOG.warn("WebSocket session on {} threw; ending that session", transfer.loop.name(), e);
        transfer.cancel(e);
    }

    private void checkOpen() {
        if (closed || socket < 0) {
            throw new IllegalStateException(
                    closed ? "the WebSocket transfer has ended" : "the WebSocket is not open yet");
        }
    }

    /** Stops the watch and frees the buffers; calls after this throw. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (watching != 0 && socket >= 0) {
                transfer.loop.watch(socket, 0, this);
            }
            watching = 0;
            if (sender != null) {
                sender.close();
            }
        }
    }
}
