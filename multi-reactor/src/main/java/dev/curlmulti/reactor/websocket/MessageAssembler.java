package dev.curlmulti.reactor.websocket;

import dev.curlmulti.core.loop.WebSocketIo;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Puts received frame pieces back together: data frames (and their fragments) into whole
 * messages of at most the session's limit, control frames (at most 125 bytes, never fragmented)
 * into their payload. A single frame's array is allocated at its announced size; a fragmented
 * message's grows by doubling, never past the limit. A text message must be UTF-8 (RFC 6455 8.1).
 * Frame-level rules (reserved bits and opcodes, masked frames, fragmented or oversized control
 * frames, a continuation with no message to continue) are libcurl's: 8.14's decoder fails them
 * with a "[WS] ..." error. Loop thread only.
 */
final class MessageAssembler {
    /** What a piece completed. */
    enum Kind {
        NONE,
        MESSAGE,
        PING,
        PONG,
        CLOSE
    }

    private final int limit;
    private byte[] data;
    private int size;
    private boolean text;
    private boolean inMessage;
    private final byte[] control = new byte[125];
    private int controlSize;
    private WebSocketMessage message;
    private final Utf8Check utf8 = new Utf8Check();

    MessageAssembler(int limit) {
        this.limit = limit;
    }

    /**
     * Takes one piece: {@code flags}, {@code bytesLeft} as {@link WebSocketIo} reported them.
     *
     * @throws WebSocketTooLargeException the message would exceed the limit
     * @throws WebSocketProtocolException  a text message is not UTF-8 (close code 1007)
     */
    Kind accept(int flags, long bytesLeft, ByteBuffer chunk) throws WebSocketException {
        if ((flags & (WebSocketIo.PING | WebSocketIo.PONG | WebSocketIo.CLOSE)) != 0) {
            int n = Math.min(chunk.remaining(), control.length - controlSize);
            chunk.get(control, controlSize, n);
            controlSize += n;
            if (bytesLeft > 0) {
                return Kind.NONE;
            }
            return (flags & WebSocketIo.PING) != 0
                    ? Kind.PING
                    : (flags & WebSocketIo.PONG) != 0 ? Kind.PONG : Kind.CLOSE;
        }
        int n = chunk.remaining();
        long needed = (long) size + n + bytesLeft;
        if (!inMessage) {
            inMessage = true;
            text = (flags & WebSocketIo.TEXT) != 0;
            size = 0;
            needed = n + bytesLeft;
            if (needed > limit) {
                throw tooLarge();
            }
            data = new byte[(int) needed];
        } else if (needed > limit) {
            throw tooLarge();
        } else if (needed > data.length) {
            data = Arrays.copyOf(data, (int) Math.min(limit, Math.max(needed, 2L * data.length)));
        }
        chunk.get(data, size, n);
        size += n;
        if (bytesLeft > 0 || (flags & WebSocketIo.CONT) != 0) {
            return Kind.NONE;
        }
        byte[] payload = size == data.length ? data : Arrays.copyOf(data, size);
        data = null;
        inMessage = false;
        if (text && !utf8.valid(payload, 0, payload.length)) {
            throw new WebSocketProtocolException(
                    "a received WebSocket text message is not valid UTF-8", CloseStatus.INVALID_PAYLOAD, null);
        }
        message = WebSocketMessage.wrap(text ? WebSocketMessage.Type.TEXT : WebSocketMessage.Type.BINARY, payload);
        return Kind.MESSAGE;
    }

    private WebSocketTooLargeException tooLarge() {
        data = null;
        inMessage = false;
        return new WebSocketTooLargeException(limit);
    }

    /** The message the last {@link Kind#MESSAGE} completed. */
    WebSocketMessage takeMessage() {
        WebSocketMessage taken = message;
        message = null;
        return taken;
    }

    /** The payload of the control frame the last PING, PONG or CLOSE completed. */
    byte[] takeControl() {
        byte[] payload = Arrays.copyOf(control, controlSize);
        controlSize = 0;
        return payload;
    }

    /** The session's UTF-8 check, for close reasons too. */
    Utf8Check utf8() {
        return utf8;
    }

    /** Bytes held for a message not yet whole. */
    int pendingBytes() {
        return inMessage ? size : 0;
    }
}
