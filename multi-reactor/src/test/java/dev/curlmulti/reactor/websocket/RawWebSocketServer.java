package dev.curlmulti.reactor.websocket;

import dev.curlmulti.core.testing.RawServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;

/**
 * A WebSocket server on a plain socket, for peers that misbehave on purpose: it answers each
 * handshake with what {@code answer} makes of the client's key (by default a correct 101, RFC 6455
 * 4.2.2), then runs {@code afterUpgrade} with the connection's streams. Frames are written and read
 * raw ({@link #frame}, {@link #readFrame}). Each connection on a daemon thread ({@link RawServer}); {@link #close()}
 * stops the listener and closes the connections.
 */
final class RawWebSocketServer implements AutoCloseable {
    /** What the server does after its handshake answer; the connection closes when it returns. */
    @FunctionalInterface
    interface AfterUpgrade {
        void run(InputStream in, OutputStream out) throws Exception;
    }

    private final RawServer server;

    RawWebSocketServer(AfterUpgrade afterUpgrade) throws IOException {
        this(RawWebSocketServer::upgrade, afterUpgrade);
    }

    /** @param answer the handshake answer (status line, headers, blank line) for the client's key */
    RawWebSocketServer(Function<String, String> answer, AfterUpgrade afterUpgrade) throws IOException {
        server = new RawServer(connection -> serve(connection, answer, afterUpgrade));
    }

    /** A correct 101 for {@code key}. */
    static String upgrade(String key) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
    }

    /** The accept value that answers {@code key}. */
    static String accept(String key) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void serve(Socket connection, Function<String, String> answer, AfterUpgrade afterUpgrade) {
        try (connection) {
            InputStream in = connection.getInputStream();
            String key = null;
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    String text = line.toString().trim();
                    if (text.isEmpty()) {
                        break;
                    }
                    if (text.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                        key = text.substring(text.indexOf(':') + 1).trim();
                    }
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
            OutputStream out = connection.getOutputStream();
            out.write(answer.apply(key).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            afterUpgrade.run(in, out);
        } catch (Exception e) {
            // a test's server: the client side reports what went wrong
        }
    }

    /** An unmasked server frame: FIN and {@code opcode} in the first byte, then the payload (< 64 KiB). */
    static byte[] frame(int firstByte, byte[] payload) {
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[header + payload.length];
        frame[0] = (byte) firstByte;
        if (header == 2) {
            frame[1] = (byte) payload.length;
        } else {
            frame[1] = 126;
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(payload, 0, frame, header, payload.length);
        return frame;
    }

    /** A close frame with {@code code} and the raw {@code reason} bytes. */
    static byte[] closeFrame(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return frame(0x88, payload);
    }

    /** A client frame read whole: its first byte, then its unmasked payload; null at the end of the stream. */
    static byte[] readFrame(InputStream in) throws IOException {
        byte[] head = in.readNBytes(2);
        if (head.length < 2) {
            return null;
        }
        long length = head[1] & 0x7f;
        if (length == 126) {
            byte[] extended = in.readNBytes(2);
            length = ((extended[0] & 0xff) << 8) | (extended[1] & 0xff);
        } else if (length == 127) {
            length = java.nio.ByteBuffer.wrap(in.readNBytes(8)).getLong();
        }
        byte[] mask = (head[1] & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
        byte[] payload = in.readNBytes((int) length);
        byte[] result = new byte[1 + payload.length];
        result[0] = head[0];
        for (int i = 0; i < payload.length; i++) {
            result[1 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return result;
    }

    /** The close code in a frame from {@link #readFrame}, or -1 when it is not a close frame with one. */
    static int closeCode(byte[] frame) {
        if (frame == null || (frame[0] & 0x0f) != 8 || frame.length < 3) {
            return -1;
        }
        return ((frame[1] & 0xff) << 8) | (frame[2] & 0xff);
    }

    static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException closed) {
            // the client went away
        }
    }

    String uri() {
        return "ws://127.0.0.1:" + server.port() + "/";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
