package dev.curlmulti.reactor;

import dev.curlmulti.core.testing.RawServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 keep-alive server on a {@link RawServer} (127.0.0.1) that drops idle connections as a
 * load balancer does, with the race at its close made deterministic.
 *
 * <p><b>Contract:</b> a connection idle for {@code closeAfter} (since it was accepted or since its
 * last answer) is closed with a FIN, and {@link #idleClosed} completes for it. A request that starts
 * on a connection idle for {@code lostAfter} or more (less than {@code closeAfter}) is read whole,
 * head and {@code Content-Length} body, and the connection is closed without an answer: on a real
 * balancer that is a request that crossed its close on the wire, a window of a round trip, widened
 * here to {@code closeAfter - lostAfter} so a test lands in it every time. Any other request is
 * answered {@code 200}, body {@code ok}, with {@code X-Connection: n} (n counts accepted connections
 * from 1), so the client can tell which connection served it. Requests must carry a
 * {@code Content-Length} when they have a body (no chunked uploads).
 *
 * <p><b>Threading:</b> each connection runs on its own daemon thread; the counters are safe to read
 * from any thread. <b>Ownership:</b> the test closes it.
 */
final class IdleClosingServer implements AutoCloseable {
    private final long lostAfterNanos;
    private final long closeAfterNanos;
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Void>> idleClosed = new ConcurrentHashMap<>();
    private final RawServer server;

    IdleClosingServer(Duration lostAfter, Duration closeAfter) throws IOException {
        if (lostAfter.compareTo(closeAfter) >= 0) {
            throw new IllegalArgumentException("lostAfter must be shorter than closeAfter");
        }
        this.lostAfterNanos = lostAfter.toNanos();
        this.closeAfterNanos = closeAfter.toNanos();
        this.server = new RawServer(this::serve);
    }

    String url(String path) {
        return server.url(path);
    }

    /** Connections accepted so far. */
    int connections() {
        return server.accepted();
    }

    /** Requests answered so far. */
    int answered() {
        return answered.get();
    }

    /** Requests read and dropped, unanswered, because their connection had been idle too long. */
    int lost() {
        return lost.get();
    }

    /** Completes once connection {@code id} (as in {@code X-Connection}) is closed for being idle. */
    CompletableFuture<Void> idleClosed(int id) {
        return idleClosed.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    private void serve(Socket connection) throws IOException {
        int id = ids.incrementAndGet();
        InputStream in = new BufferedInputStream(connection.getInputStream());
        long idleSince = System.nanoTime();
        while (true) {
            long left = closeAfterNanos - (System.nanoTime() - idleSince);
            int first;
            try {
                connection.setSoTimeout((int) Math.max(1, left / 1_000_000));
                first = left <= 0 ? -2 : in.read();
            } catch (SocketTimeoutException idleTooLong) {
                first = -2;
            }
            if (first == -2) {
                connection.close(); // the FIN; every byte the client sent was read, so no reset
                idleClosed(id).complete(null);
                return;
            }
            if (first < 0) {
                return; // the client closed it
            }
            long idle = System.nanoTime() - idleSince;
            connection.setSoTimeout(5_000);
            in.skipNBytes(contentLength(readHead(in, first)));
            if (idle >= lostAfterNanos) {
                lost.incrementAndGet();
                return; // closed without an answer, the request read whole: as if it crossed the close
            }
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Connection: " + id + "\r\n\r\nok");
            answered.incrementAndGet();
            idleSince = System.nanoTime();
        }
    }

    /** The request head from its first byte to its blank line, as text. */
    private static String readHead(InputStream in, int first) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(first);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed in the middle of a request head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
