package dev.curlmulti.core.loop;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.internal.NativeBinding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Sends one message as one frame through {@code curl_ws_send}, a chunk of its payload at a time,
 * through a native buffer that lives as long as the message. libcurl's contract for a call that
 * took only part of a chunk: the next call passes the rest of the same bytes. A message larger than
 * one chunk goes as a frame of announced length ({@code CURLWS_OFFSET} with the whole length).
 * Loop thread only; part of {@link WebSocketIo}.
 */
final class WebSocketSender {
    private static final NativeBinding NATIVE = NativeBinding.get();

    private final RealTransfer transfer;
    private final int chunkSize;
    /** The message: its payload (position = next byte to copy), flags and length; null when idle. */
    private ByteBuffer message;
    private int flags;
    private long length;
    private long sent;
    /** Native: 8 bytes for {@code sent}, then the chunk being sent; 0 when idle. */
    private long buffer;
    private ByteBuffer bufferView;
    private int chunkStart;
    private int chunkEnd;

    WebSocketSender(RealTransfer transfer, int chunkSize) {
        this.transfer = transfer;
        this.chunkSize = chunkSize;
    }

    void start(int messageFlags, ByteBuffer payload) {
        if (message != null) {
            throw new IllegalStateException("a message is still being sent");
        }
        message = payload.slice();
        flags = messageFlags;
        length = message.remaining();
        sent = 0;
        int capacity = (int) Math.min(chunkSize, Math.max(1, length));
        buffer = NATIVE.malloc(8L + capacity);
        bufferView = NATIVE.view(buffer, 8L + capacity).order(ByteOrder.nativeOrder());
        chunkStart = 0;
        chunkEnd = 0;
    }

    boolean busy() {
        return message != null;
    }

    /**
     * @param offsetFlag {@code CURLWS_OFFSET}
     * @param again      {@code CURLE_AGAIN}
     * @return true when the message is sent; false when the socket is full
     */
    boolean flush(int offsetFlag, int again) throws CurlException {
        if (message == null) {
            return true;
        }
        long easy = transfer.easy.nativeAddress();
        boolean large = length > chunkSize;
        while (true) {
            if (chunkStart == chunkEnd && message.hasRemaining()) {
                int n = Math.min(message.remaining(), chunkSize);
                bufferView.put(8, message, message.position(), n);
                message.position(message.position() + n);
                chunkStart = 0;
                chunkEnd = n;
            }
            // A large frame announces its whole length with every call until libcurl reported
            // payload taken: a call that met a full socket may not have written the frame head.
            long fragsize = large && sent == 0 ? length : 0;
            int code = NATIVE.wsSend(easy, buffer + 8 + chunkStart, chunkEnd - chunkStart, buffer, fragsize,
                    large ? flags | offsetFlag : flags);
            if (code != 0 && code != again) {
                close();
                throw CurlException.of(code, transfer.easy.errorText(code));
            }
            long taken = code == 0 ? bufferView.getLong(0) : 0;
            chunkStart += (int) taken;
            sent += taken;
            if (code == 0 && sent == length) {
                close();
                return true;
            }
            if (code == again || taken == 0 || chunkStart < chunkEnd) {
                return false;
            }
        }
    }

    /** Drops the message (if any) and frees its buffer. */
    void close() {
        message = null;
        bufferView = null;
        NATIVE.free(buffer);
        buffer = 0;
    }
}
