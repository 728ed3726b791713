package dev.curlmulti.reactor.websocket;

import dev.curlmulti.core.loop.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * What RFC 6455 4.1 asks a client to check of the server's 101 before the connection counts as a
 * WebSocket: libcurl sends the handshake and hands over the connection at any 101 without looking
 * at it (lib/ws.c, {@code Curl_ws_accept}, 8.14), so these checks are ours. The key is ours too
 * (libcurl sends a {@code Sec-WebSocket-Key} header it is given in place of its own), so the
 * {@code Sec-WebSocket-Accept} answer can be verified. No extension is ever offered (libcurl has
 * none, and {@link WebSocketRequest.Builder#header} refuses {@code Sec-WebSocket-*} headers).
 */
final class HandshakeCheck {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private HandshakeCheck() {}

    /** A fresh {@code Sec-WebSocket-Key}: 16 random bytes, base64 (RFC 6455 4.1). */
    static String newKey() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** What is wrong with the 101's {@code headers} for {@code request} sent with {@code key}, or null. */
    static String problem(Headers headers, WebSocketRequest request, String key) {
        if (!hasToken(headers.first("Upgrade"), "websocket")) {
            return "its 101 has no \"Upgrade: websocket\" (" + headers.first("Upgrade") + ")";
        }
        if (!hasToken(headers.first("Connection"), "upgrade")) {
            return "its 101 has no \"Connection: Upgrade\" (" + headers.first("Connection") + ")";
        }
        String accept = headers.first("Sec-WebSocket-Accept");
        if (!acceptFor(key).equals(accept)) {
            return "its Sec-WebSocket-Accept (" + accept + ") does not answer our key";
        }
        String extensions = headers.first("Sec-WebSocket-Extensions");
        if (extensions != null && !extensions.isBlank()) {
            return "it chose extensions (" + extensions + "), and none were offered";
        }
        String chosen = headers.first("Sec-WebSocket-Protocol");
        if (chosen != null && !request.subprotocols().contains(chosen)) {
            return "it chose subprotocol " + chosen + ", which was not offered " + request.subprotocols();
        }
        return null;
    }

    /** base64(SHA-1(key + GUID)), the only accept value that answers {@code key}. */
    static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    private static boolean hasToken(String value, String token) {
        if (value == null) {
            return false;
        }
        for (String part : value.split(",")) {
            if (part.trim().toLowerCase(Locale.ROOT).equals(token.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
