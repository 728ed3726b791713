package dev.curlmulti.reactor.websocket;

import java.nio.charset.StandardCharsets;

/**
 * Close frame payloads both ways (RFC 6455 5.5.1): a two-byte code in network order, then a UTF-8
 * reason. What a peer sends is checked before it becomes a {@link CloseStatus}: a code no peer may
 * send (7.4: 1004, 1005, 1006, 1015, below 1000, the unassigned 1016-2999, above 4999) or a
 * one-byte payload is a protocol error (1002), a reason that is not UTF-8 invalid data (1007).
 */
final class CloseFrames {
    private CloseFrames() {}

    /**
     * The status a peer's close frame carries ({@link CloseStatus#NO_STATUS} for an empty one).
     *
     * @throws WebSocketProtocolException the payload breaks the rules above; its status is the code to answer with
     */
    static CloseStatus parse(byte[] payload, Utf8Check utf8, String uri) throws WebSocketProtocolException {
        if (payload.length == 0) {
            return CloseStatus.NO_STATUS;
        }
        int code = payload.length < 2 ? 0 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        if (!CloseStatus.allowedOnTheWire(code)) {
            throw new WebSocketProtocolException(
                    uri + " sent a close frame with "
                            + (payload.length < 2 ? "a one-byte payload" : "the reserved code " + code),
                    CloseStatus.PROTOCOL_ERROR,
                    null);
        }
        if (!utf8.valid(payload, 2, payload.length - 2)) {
            throw new WebSocketProtocolException(
                    uri + " sent a close reason that is not UTF-8", CloseStatus.INVALID_PAYLOAD, null);
        }
        // At most 123 valid UTF-8 bytes (libcurl refuses longer control frames): CloseStatus takes it.
        return new CloseStatus(code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
    }

    /** The close frame for {@code status}: the code in network order, then the UTF-8 reason. */
    static byte[] payload(CloseStatus status) {
        byte[] reason = status.reason().getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (status.code() >> 8);
        payload[1] = (byte) status.code();
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return payload;
    }
}
