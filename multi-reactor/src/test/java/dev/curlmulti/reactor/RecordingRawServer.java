package dev.curlmulti.reactor;

import dev.curlmulti.core.testing.RawServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on a {@link RawServer} (127.0.0.1) that records the exact bytes of every
 * request it receives, so a test can check what a client really put on the wire (a parsing server
 * such as MockWebServer would normalise or reject the very bytes under test).
 *
 * <p><b>Contract:</b> each request head is read byte by byte up to its blank line ({@code
 * CRLFCRLF}), plus a body of {@code Content-Length} bytes when that header is present and parses;
 * the recorded bytes are queued for {@link #nextRequest}. Every complete request is answered with
 * {@code HTTP/1.1 200 OK}, {@code Content-Length: 2}, body {@code ok}, and the connection is kept
 * open for the next one (keep-alive). A head cut short (the client closed, or sent nothing for
 * {@link #READ_TIMEOUT_MS}) is recorded too, as it arrived, and the connection is closed: a
 * malformed request must still be visible to the test. Connections are served concurrently on
 * daemon threads; {@link #close()} ends them all. A connection whose first byte cannot start a
 * request method (not a token character) (a TLS ClientHello, say) is recorded as far as it arrived
 * and closed at once, so an {@code https} URL fails fast instead of waiting for a blank line that
 * never comes. HEAD is answered without the body.
 */
final class RecordingRawServer implements AutoCloseable {
    /** How long a connection may stay silent mid-request (or idle between requests) before it is dropped. */
    static final int READ_TIMEOUT_MS = 5_000;
    /** A body announced larger than this is not read: the test only needs heads and small bodies. */
    private static final long MAX_BODY = 1 << 20;

    private static final byte[] RESPONSE =
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    /** The answer to HEAD: the same head, and no body (the client would read "ok" as the next response). */
    private static final byte[] HEAD_RESPONSE =
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final BlockingQueue<byte[]> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final RawServer server;
    private volatile byte[] last;

    RecordingRawServer() throws IOException {
        server = new RawServer(this::serve);
    }

    int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** How many requests (complete or cut short) were recorded since the start. */
    int requestCount() {
        return count.get();
    }

    /** The bytes of the next recorded request not yet taken, waiting up to {@code millis}; null if none came. */
    byte[] nextRequest(long millis) throws InterruptedException {
        return requests.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The bytes of the most recently recorded request, or null before the first. */
    byte[] lastRequest() {
        return last;
    }

    /** Forgets requests recorded but not yet taken, so the next {@link #nextRequest} is a new one. */
    void clear() {
        requests.clear();
    }

    /** Serves requests on one connection until the client closes it or sends something cut short. */
    private void serve(Socket connection) {
        try {
            connection.setSoTimeout(READ_TIMEOUT_MS);
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            while (true) {
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                if (!startsLikeHttp(in, request)) {
                    if (request.size() > 0) {
                        record(request.toByteArray());
                    }
                    return;
                }
                boolean complete = readHead(in, request) && readBody(in, request);
                if (request.size() > 0) {
                    record(request.toByteArray());
                }
                if (!complete) {
                    return;
                }
                boolean head = request.toString(StandardCharsets.ISO_8859_1).startsWith("HEAD ");
                out.write(head ? HEAD_RESPONSE : RESPONSE);
                out.flush();
            }
        } catch (IOException gone) {
            // the client closed or reset the connection; what it sent was recorded
        }
    }

    private void record(byte[] bytes) {
        last = bytes;
        requests.add(bytes);
        count.incrementAndGet();
    }

    /**
     * Reads the first byte; true if it is a token character (so a request method may follow). When
     * not, what else has already arrived is copied too, for the record.
     */
    private static boolean startsLikeHttp(InputStream in, ByteArrayOutputStream request) throws IOException {
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException idle) {
            return false;
        }
        if (first < 0) {
            return false;
        }
        request.write(first);
        if (first < 0x80 && Character.isLetterOrDigit(first) || "!#$%&'*+-.^_`|~".indexOf(first) >= 0) {
            return true;
        }
        request.write(in.readNBytes(in.available()));
        return false;
    }

    /** Copies bytes up to and including CRLFCRLF; false when the stream ended or stalled first. */
    private static boolean readHead(InputStream in, ByteArrayOutputStream head) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException stalled) {
                return false;
            }
            if (b < 0) {
                return false;
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return true;
    }

    /** Copies a Content-Length body if the head announces one; false when it is cut short. */
    private static boolean readBody(InputStream in, ByteArrayOutputStream request) throws IOException {
        long length = contentLength(request.toString(StandardCharsets.ISO_8859_1));
        if (length <= 0) {
            return true;
        }
        if (length > MAX_BODY) {
            return false;
        }
        for (long i = 0; i < length; i++) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException stalled) {
                return false;
            }
            if (b < 0) {
                return false;
            }
            request.write(b);
        }
        return true;
    }

    /** The Content-Length of a head (the first such line), or -1 when there is none or it does not parse. */
    static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Content-Length")) {
                try {
                    return Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException notANumber) {
                    return -1;
                }
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
