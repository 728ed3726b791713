package dev.curlmulti.core.loop;

import dev.curlmulti.core.internal.NativeBinding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * The native memory every WebSocket session of one loop reads and writes frames through: one
 * receive area ({@code curl_ws_recv}'s out values, then its chunk) and one send area ({@code
 * curl_ws_send}'s out value, then its chunk). One per loop rather than one per session: a session
 * uses them only during a call on the loop thread, and copies what it keeps before the next call,
 * so 10,000 idle sessions hold no native buffer of ours. Also the masking keys of the frames its
 * sessions send: bytes of a {@link SecureRandom}, fetched {@value #KEYS} at a time.
 *
 * <p><b>Threading and ownership:</b> loop thread only; made at the first session, freed by {@link
 * WebSocketShards#close()} when the loop ends (every session has ended by then).
 */
final class WebSocketBuffers {
    /** Payload bytes per {@code curl_ws_send} and per {@code curl_ws_recv}. */
    static final int CHUNK = 16 * 1024;

    private static final NativeBinding NATIVE = NativeBinding.get();
    /** Receive: {@code size_t} read, the frame-meta pointer, then the chunk. */
    private static final int RECEIVE_HEAD = 16;
    /** Send: {@code size_t} sent, then the chunk. */
    private static final int SEND_HEAD = 8;
    /** Random bytes fetched at once for masking keys (4 a frame). */
    private static final int KEYS = 4096;

    private final long memory;
    /** The receive area: head and chunk. */
    final long receive;

    final ByteBuffer receiveView;
    /** The send area: head and chunk. */
    final long send;

    final ByteBuffer sendView;
    private final SecureRandom random = new SecureRandom();
    private final byte[] keys = new byte[KEYS];
    private int keysUsed = KEYS;

    WebSocketBuffers() {
        long receiveBytes = RECEIVE_HEAD + CHUNK;
        long sendBytes = SEND_HEAD + CHUNK;
        memory = NATIVE.malloc(receiveBytes + sendBytes);
        receive = memory;
        receiveView = NATIVE.view(receive, receiveBytes).order(ByteOrder.nativeOrder());
        send = memory + receiveBytes;
        sendView = NATIVE.view(send, sendBytes).order(ByteOrder.nativeOrder());
    }

    /** Where {@code curl_ws_recv} writes the payload. */
    long receiveData() {
        return receive + RECEIVE_HEAD;
    }

    /** The first {@code length} payload bytes of the last receive, read-only. */
    ByteBuffer received(int length) {
        return receiveView.slice(RECEIVE_HEAD, length).asReadOnlyBuffer();
    }

    /** Where {@code curl_ws_send} reads the payload from. */
    long sendData() {
        return send + SEND_HEAD;
    }

    /** Fills {@code key} with the next four random bytes: a frame's masking key. */
    void nextMask(byte[] key) {
        if (keysUsed == KEYS) {
            random.nextBytes(keys);
            keysUsed = 0;
        }
        System.arraycopy(keys, keysUsed, key, 0, 4);
        keysUsed += 4;
    }

    void close() {
        NATIVE.free(memory);
    }
}
