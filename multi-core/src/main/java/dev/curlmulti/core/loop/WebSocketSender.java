package dev.curlmulti.core.loop;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.internal.NativeBinding;

import java.nio.ByteBuffer;

/**
 * Sends one message as one frame through {@code curl_ws_send}, a chunk of its payload at a time,
 * copied into the loop's send area ({@link WebSocketBuffers}) for each call. libcurl's contract for
 * a call that took only part of a chunk: the next call passes the rest of the same bytes, which the
 * next copy from the message's position does (the bytes, not the address, are what must match). A
 * message larger than one chunk goes as a frame of announced length ({@code CURLWS_OFFSET} with the
 * whole length). Loop thread only; part of {@link WebSocketIo}.
 */
final class WebSocketSender {
    private static final NativeBinding NATIVE = NativeBinding.get();

    private final RealTransfer transfer;
    private final WebSocketBuffers buffers;
    /** The message: its payload (position = first byte libcurl has not taken), flags and length; null when idle. */
    private ByteBuffer message;
    private int flags;
    private long length;
    private long sent;

    WebSocketSender(RealTransfer transfer, WebSocketBuffers buffers) {
        this.transfer = transfer;
        this.buffers = buffers;
    }

    void start(int messageFlags, ByteBuffer payload) {
        if (message != null) {
            throw new IllegalStateException("a message is still being sent");
        }
        message = payload.slice();
        flags = messageFlags;
        length = message.remaining();
        sent = 0;
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
        int chunkSize = WebSocketBuffers.CHUNK;
        boolean large = length > chunkSize;
        ByteBuffer area = buffers.sendView;
        while (true) {
            int n = Math.min(message.remaining(), chunkSize);
            area.put(8, message, message.position(), n);
            // A large frame announces its whole length with every call until libcurl reported
            // payload taken: a call that met a full socket may not have written the frame head.
            long fragsize = large && sent == 0 ? length : 0;
            int code = NATIVE.wsSend(easy, buffers.sendData(), n, buffers.send, fragsize,
                    large ? flags | offsetFlag : flags);
            if (code != 0 && code != again) {
                close();
                throw CurlException.of(code, transfer.easy.errorText(code));
            }
            long taken = code == 0 ? area.getLong(0) : 0;
            message.position(message.position() + (int) taken);
            sent += taken;
            if (code == 0 && sent == length) {
                close();
                return true;
            }
            if (code == again || taken < n) {
                return false;
            }
        }
    }

    /** Drops the message (if any). */
    void close() {
        message = null;
    }
}
