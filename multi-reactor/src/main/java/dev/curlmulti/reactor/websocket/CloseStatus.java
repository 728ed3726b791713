package dev.curlmulti.reactor.websocket;

import java.util.Objects;

/**
 * A WebSocket close code and reason (RFC 6455, section 7.4): what a peer sent in its close frame,
 * or what a session reports when the connection ended without one ({@link #ABNORMAL}, 1006, never
 * sent on the wire). Immutable.
 *
 * @param code   the status code: 1000-1014 defined by the RFC, 3000-4999 for libraries and applications
 * @param reason UTF-8 text of at most 123 bytes; empty when none
 */
public record CloseStatus(int code, String reason) {
    /** 1000: the purpose of the connection was fulfilled. */
    public static final CloseStatus NORMAL = new CloseStatus(1000, "");
    /** 1001: the endpoint is going away (a server shutting down, a client closing). */
    public static final CloseStatus GOING_AWAY = new CloseStatus(1001, "");
    /** 1002: a protocol error. */
    public static final CloseStatus PROTOCOL_ERROR = new CloseStatus(1002, "");
    /** 1005: the peer's close frame had no status code (reported only). */
    public static final CloseStatus NO_STATUS = new CloseStatus(1005, "");
    /** 1006: the connection ended without a close frame (reported only). */
    public static final CloseStatus ABNORMAL = new CloseStatus(1006, "");
    /** 1007: a message's data was not of its type (a text message that is not UTF-8). */
    public static final CloseStatus INVALID_PAYLOAD = new CloseStatus(1007, "");
    /** 1009: a message was larger than the receiver accepts. */
    public static final CloseStatus TOO_BIG = new CloseStatus(1009, "");
    /** 1011: the server met an unexpected condition. */
    public static final CloseStatus SERVER_ERROR = new CloseStatus(1011, "");

    /**
     * @throws IllegalArgumentException a code outside 1000-4999, or a reason over 123 UTF-8 bytes
     *                                  (a close frame's payload is at most 125 bytes)
     */
    public CloseStatus {
        Objects.requireNonNull(reason, "reason");
        if (code < 1000 || code > 4999) {
            throw new IllegalArgumentException("close code " + code + " is outside 1000-4999");
        }
        if (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException("a close reason is at most 123 UTF-8 bytes");
        }
    }

    /** This code with another reason. */
    public CloseStatus withReason(String reason) {
        return new CloseStatus(code, reason);
    }

    /** True for a code a client may send in its own close frame (not 1005, 1006 or 1015). */
    public boolean sendable() {
        return code != 1005 && code != 1006 && code != 1015;
    }

    /**
     * Whether a peer may put {@code code} in a close frame (RFC 6455 7.4 and IANA's registry):
     * 1000-1003, 1007-1014 and 3000-4999. 1004 is reserved, 1005, 1006 and 1015 are never sent, and
     * the rest of 1000-2999 is for future versions of the protocol.
     */
    public static boolean allowedOnTheWire(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
