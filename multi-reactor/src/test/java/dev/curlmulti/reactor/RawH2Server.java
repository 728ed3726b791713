package dev.curlmulti.reactor;

import dev.curlmulti.core.testing.RawServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal HTTP/2 cleartext (prior knowledge) server that writes its frames by hand, to break a
 * stream in the middle of its body the way a real server seldom does: it reads the client preface
 * and frames, answers SETTINGS, takes the stream id from the request's HEADERS frame (the HPACK
 * block is not decoded), replies with a HEADERS frame ({@code :status 200} as static index 8, plus
 * {@code x-fault}), a given number of DATA frames of {@value #FRAME} bytes, then the chosen
 * {@link Ending} with error code INTERNAL_ERROR, and keeps the connection open until the client
 * closes it. Runs on {@link RawServer}'s daemon threads; close it after the test.
 */
final class RawH2Server implements AutoCloseable {
    /** How the body is broken. */
    enum Ending {
        /** GOAWAY with last-stream-id 0: the active stream was never going to be processed. */
        GOAWAY,
        /** RST_STREAM on the active stream. */
        RST_STREAM
    }

    static final int FRAME = 16_384;
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int RST_STREAM = 0x3;
    private static final int SETTINGS = 0x4;
    private static final int GOAWAY = 0x7;
    private static final int END_HEADERS = 0x4;
    private static final int ACK = 0x1;
    private static final int INTERNAL_ERROR = 0x2;

    private final Ending ending;
    private final int dataFrames;
    private final RawServer server;

    /** {@code dataFrames} x 16 KiB stays below the default 64 KiB window when at most 3. */
    RawH2Server(Ending ending, int dataFrames) throws IOException {
        this.ending = ending;
        this.dataFrames = dataFrames;
        this.server = new RawServer(this::serve);
    }

    String url(String path) {
        return server.url(path);
    }

    /** The bytes of the body the server sends before it breaks the stream. */
    static byte[] partialBody(int dataFrames) {
        byte[] body = new byte[dataFrames * FRAME];
        Arrays.fill(body, (byte) 'h');
        return body;
    }

    private void serve(Socket connection) throws IOException {
        DataInputStream in = new DataInputStream(connection.getInputStream());
        OutputStream out = connection.getOutputStream();
        byte[] preface = new byte[PREFACE.length];
        in.readFully(preface);
        if (!Arrays.equals(preface, PREFACE)) {
            throw new IOException("not an HTTP/2 prior-knowledge preface");
        }
        frame(out, SETTINGS, 0, 0, new byte[0]);
        int stream = readUntilRequest(in, out);
        frame(out, HEADERS, END_HEADERS, stream, responseHeaderBlock());
        byte[] body = partialBody(dataFrames);
        for (int i = 0; i < dataFrames; i++) {
            frame(out, DATA, 0, stream, Arrays.copyOfRange(body, i * FRAME, (i + 1) * FRAME));
        }
        if (ending == Ending.GOAWAY) {
            frame(
                    out,
                    GOAWAY,
                    0,
                    0,
                    ByteBuffer.allocate(8).putInt(0).putInt(INTERNAL_ERROR).array());
        } else {
            frame(
                    out,
                    RST_STREAM,
                    0,
                    stream,
                    ByteBuffer.allocate(4).putInt(INTERNAL_ERROR).array());
        }
        out.flush();
        drainUntilClosed(connection, in);
    }

    /** Reads frames, acknowledging SETTINGS, until the request's HEADERS; returns its stream id. */
    private static int readUntilRequest(DataInputStream in, OutputStream out) throws IOException {
        while (true) {
            byte[] header = new byte[9];
            in.readFully(header);
            int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
            int type = header[3] & 0xff;
            int flags = header[4] & 0xff;
            int stream = ByteBuffer.wrap(header, 5, 4).getInt() & 0x7fffffff;
            in.readFully(new byte[length]);
            if (type == SETTINGS && (flags & ACK) == 0) {
                frame(out, SETTINGS, ACK, 0, new byte[0]);
            } else if (type == HEADERS && (flags & END_HEADERS) != 0) {
                return stream;
            }
        }
    }

    /** {@code :status 200} (HPACK static index 8) and a literal {@code x-fault} without indexing. */
    private byte[] responseHeaderBlock() {
        byte[] name = "x-fault".getBytes(StandardCharsets.US_ASCII);
        byte[] value = ending.name().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer block = ByteBuffer.allocate(3 + name.length + 1 + value.length);
        block.put((byte) 0x88)
                .put((byte) 0x00)
                .put((byte) name.length)
                .put(name)
                .put((byte) value.length)
                .put(value);
        return block.array();
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(9 + payload.length);
        frame.put((byte) (payload.length >>> 16))
                .put((byte) (payload.length >>> 8))
                .put((byte) payload.length);
        frame.put((byte) type).put((byte) flags).putInt(stream & 0x7fffffff).put(payload);
        out.write(frame.array());
    }

    /** Keeps the connection until the client closes it (or 10 s pass), so the break is the only fault. */
    private static void drainUntilClosed(Socket connection, DataInputStream in) throws IOException {
        connection.setSoTimeout(10_000);
        try {
            while (in.read(new byte[4096]) >= 0) {
                // discard whatever the client still sends (WINDOW_UPDATE, GOAWAY)
            }
        } catch (SocketTimeoutException ignored) {
            // the client kept the connection open; closing it now
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
