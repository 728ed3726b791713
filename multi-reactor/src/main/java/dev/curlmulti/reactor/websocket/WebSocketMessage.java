package dev.curlmulti.reactor.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One whole WebSocket message: text or binary data, or a ping or pong control message. Received
 * messages are whole (fragments are put together before they are delivered); a message sent goes
 * out as one frame. Immutable: the payload is copied in when made from an array and handed out
 * read-only.
 */
public final class WebSocketMessage {
    /** What kind of message it is. */
    public enum Type {
        /** UTF-8 text. */
        TEXT,
        /** Bytes. */
        BINARY,
        /** A ping; the receiver answers with a pong of the same payload (at most 125 bytes). */
        PING,
        /** A pong, the answer to a ping or a one-way heartbeat (at most 125 bytes). */
        PONG
    }

    private final Type type;
    private final ByteBuffer payload;

    private WebSocketMessage(Type type, ByteBuffer payload) {
        this.type = type;
        this.payload = payload.asReadOnlyBuffer();
        if ((type == Type.PING || type == Type.PONG) && payload.remaining() > 125) {
            throw new IllegalArgumentException(
                    "a " + type + " payload is at most 125 bytes, not " + payload.remaining());
        }
    }

    /** A text message. */
    public static WebSocketMessage text(CharSequence text) {
        return new WebSocketMessage(Type.TEXT, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A binary message with a copy of {@code bytes}. */
    public static WebSocketMessage binary(byte[] bytes) {
        return new WebSocketMessage(Type.BINARY, ByteBuffer.wrap(bytes.clone()));
    }

    /**
     * A binary message of {@code bytes}' remaining bytes, without a copy: do not change them until
     * the message is sent.
     */
    public static WebSocketMessage binary(ByteBuffer bytes) {
        return new WebSocketMessage(Type.BINARY, bytes.slice());
    }

    /** A ping with {@code payload} (at most 125 bytes; copied). */
    public static WebSocketMessage ping(byte[] payload) {
        return new WebSocketMessage(Type.PING, ByteBuffer.wrap(payload.clone()));
    }

    /** A pong with {@code payload} (at most 125 bytes; copied). */
    public static WebSocketMessage pong(byte[] payload) {
        return new WebSocketMessage(Type.PONG, ByteBuffer.wrap(payload.clone()));
    }

    /** A message of {@code type} that takes {@code payload} as it is (for the receiving side). */
    static WebSocketMessage wrap(Type type, byte[] payload) {
        return new WebSocketMessage(type, ByteBuffer.wrap(payload));
    }

    public Type type() {
        return type;
    }

    /** The payload, read-only; a new view each call (its position is the caller's). */
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** The payload size in bytes. */
    public int size() {
        return payload.remaining();
    }

    /** The payload decoded as UTF-8 (for any type). */
    public String text() {
        return StandardCharsets.UTF_8.decode(payload.duplicate()).toString();
    }

    /** A copy of the payload. */
    public byte[] bytes() {
        byte[] copy = new byte[payload.remaining()];
        payload.duplicate().get(copy);
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebSocketMessage that && type == that.type && payload.equals(that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, payload);
    }

    @Override
    public String toString() {
        return "WebSocketMessage[" + type + ", " + size() + " bytes]";
    }
}
