package dev.curlmulti.core.loop;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.internal.NativeBinding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Sends one message as one frame, framed and masked here (RFC 6455 5.2, 5.3) and handed to
 * {@code curl_ws_send} in raw mode ({@code CURLWS_RAW_MODE}: libcurl writes the bytes as they are),
 * a chunk at a time through the loop's send area ({@link WebSocketBuffers}).
 *
 * <p>Why not libcurl's own framing: libcurl (8.14 to 8.22 and its newest source) masks the payload
 * one byte per buffer call ("not the most performant way to do this", lib/ws.c), about 10 ns a
 * byte: 160 µs of the loop's time for each 16 KiB message. Here the mask is applied eight bytes at
 * a time while the payload is copied into the send area anyway. The masking key is new for every
 * frame and comes from a {@link java.security.SecureRandom} (the RFC asks for a strong source).
 * libcurl still decodes what the peer sends ({@code curl_ws_recv} ignores raw mode).
 *
 * <p>A call that took only part of the bytes leaves the rest for the next call, after the driver
 * reports the socket writable: the frame head first, then the payload from its position. Loop
 * thread only; part of {@link WebSocketIo}.
 */
final class WebSocketSender {
    private static final NativeBinding NATIVE = NativeBinding.get();
    private static final int FIN = 0x80;
    private static final int MASKED = 0x80;

    private final RealTransfer transfer;
    private final WebSocketBuffers buffers;
    /** The message's payload (position = first byte not yet taken by libcurl); null when idle. */
    private ByteBuffer message;
    /** The frame head (2 to 14 bytes) and how much of it libcurl has taken. */
    private final byte[] head = new byte[14];

    private int headLength;
    private int headSent;
    /** The masking key, as the bytes on the wire. */
    private final byte[] key = new byte[4];
    /** Bytes of payload taken so far (the key's phase for the next byte). */
    private long sent;

    WebSocketSender(RealTransfer transfer, WebSocketBuffers buffers) {
        this.transfer = transfer;
        this.buffers = buffers;
    }

    /** Starts a frame of {@code flags} ({@link WebSocketIo#TEXT} ... {@link WebSocketIo#PONG}). */
    void start(int flags, ByteBuffer payload) {
        if (message != null) {
            throw new IllegalStateException("a message is still being sent");
        }
        message = payload.slice().order(ByteOrder.nativeOrder());
        long length = message.remaining();
        head[0] = (byte) (FIN | opcode(flags));
        int at;
        if (length < 126) {
            head[1] = (byte) (MASKED | length);
            at = 2;
        } else if (length <= 0xffff) {
            head[1] = (byte) (MASKED | 126);
            head[2] = (byte) (length >>> 8);
            head[3] = (byte) length;
            at = 4;
        } else {
            head[1] = (byte) (MASKED | 127);
            for (int i = 0; i < 8; i++) {
                head[2 + i] = (byte) (length >>> (56 - 8 * i));
            }
            at = 10;
        }
        buffers.nextMask(key);
        System.arraycopy(key, 0, head, at, 4);
        headLength = at + 4;
        headSent = 0;
        sent = 0;
    }

    private static int opcode(int flags) {
        if ((flags & WebSocketIo.TEXT) != 0) {
            return 0x1;
        } else if ((flags & WebSocketIo.BINARY) != 0) {
            return 0x2;
        } else if ((flags & WebSocketIo.CLOSE) != 0) {
            return 0x8;
        } else if ((flags & WebSocketIo.PING) != 0) {
            return 0x9;
        } else if ((flags & WebSocketIo.PONG) != 0) {
            return 0xA;
        }
        throw new IllegalArgumentException("not a frame type: " + flags);
    }

    boolean busy() {
        return message != null;
    }

    /**
     * @param again {@code CURLE_AGAIN}
     * @return true when the message is sent; false when the socket is full
     */
    boolean flush(int again) throws CurlException {
        if (message == null) {
            return true;
        }
        long easy = transfer.easy.nativeAddress();
        ByteBuffer area = buffers.sendView;
        int capacity = WebSocketBuffers.CHUNK;
        while (true) {
            int headPart = headLength - headSent;
            area.put(8, head, headSent, headPart);
            int payloadPart = Math.min(message.remaining(), capacity - headPart);
            mask(area, 8 + headPart, payloadPart);
            int total = headPart + payloadPart;
            int code = NATIVE.wsSend(easy, buffers.sendData(), total, buffers.send, 0, 0);
            if (code != 0 && code != again) {
                close();
                throw CurlException.of(code, transfer.easy.errorText(code));
            }
            int taken = code == 0 ? (int) area.getLong(0) : 0;
            int fromHead = Math.min(taken, headPart);
            headSent += fromHead;
            message.position(message.position() + taken - fromHead);
            sent += taken - fromHead;
            if (headSent == headLength && !message.hasRemaining()) {
                close();
                return true;
            }
            if (code == again || taken < total) {
                return false;
            }
        }
    }

    /** Copies {@code n} payload bytes from the message's position to {@code area} at {@code at}, masked. */
    private void mask(ByteBuffer area, int at, int n) {
        int from = message.position();
        int phase = (int) (sent & 3);
        byte[] rotated = {
            key[phase],
            key[(phase + 1) & 3],
            key[(phase + 2) & 3],
            key[(phase + 3) & 3],
            key[phase],
            key[(phase + 1) & 3],
            key[(phase + 2) & 3],
            key[(phase + 3) & 3]
        };
        long wide = ByteBuffer.wrap(rotated).order(ByteOrder.nativeOrder()).getLong(0);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            area.putLong(at + i, message.getLong(from + i) ^ wide);
        }
        for (; i < n; i++) {
            area.put(at + i, (byte) (message.get(from + i) ^ rotated[i & 3]));
        }
    }

    /** Drops the message (if any). */
    void close() {
        message = null;
    }
}
