package dev.curlmulti.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on 127.0.0.1 that plays a {@link Script} on every connection it accepts, so a test
 * can send exactly the bytes, resets or silences a real server never would: answer then reset,
 * trickle, hang, send garbage, half-close. The helpers below cover the usual moves.
 *
 * <p><b>Threading:</b> the listener and every connection run on their own daemon threads; scripts
 * of concurrent connections run concurrently. <b>Ownership:</b> the test closes it; {@link #close()}
 * closes the listener and every open connection and interrupts the scripts. A script's exception
 * (the client went away, the test closed the server) only ends that connection.
 */
public final class RawServer implements AutoCloseable {
    /** What the server does with one accepted connection; the connection is closed when it returns. */
    @FunctionalInterface
    public interface Script {
        void play(Socket connection) throws Exception;
    }

    /** Reads whatever the client sends and never answers, until the client or {@link #close()} ends it. */
    public static final Script SILENT =
            connection -> connection.getInputStream().transferTo(OutputStream.nullOutputStream());

    private final ServerSocket listener;
    private final Script script;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    /** Listens on an ephemeral port of 127.0.0.1 and plays {@code script} on every connection. */
    public RawServer(Script script) throws IOException {
        this.script = script;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        start(this::acceptLoop, "raw-server-accept");
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** An absolute URL on this server for {@code path} (which starts with '/'). */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Reads one request head up to its blank line; false when the client closed first. */
    public static boolean skipRequestHead(Socket connection) throws IOException {
        return RawHttp.skipRequestHead(connection.getInputStream());
    }

    /** Writes {@code text} as ASCII and flushes. */
    public static void send(Socket connection, String text) throws IOException {
        send(connection, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes {@code bytes} and flushes. */
    public static void send(Socket connection, byte[] bytes) throws IOException {
        OutputStream out = connection.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /**
     * Ends what the server sends with a FIN and reads until the client closes its side (or sends
     * nothing for 5 s), as servers do in a lingering close: closing at once, with request bytes still
     * unread, would make the kernel send a reset, which can discard the response before the client
     * reads it.
     */
    public static void finish(Socket connection) throws IOException {
        connection.shutdownOutput();
        connection.setSoTimeout(5_000);
        connection.getInputStream().transferTo(OutputStream.nullOutputStream());
    }

    /** Closes with SO_LINGER 0, so the kernel sends a TCP RST instead of a FIN. */
    public static void reset(Socket connection) throws IOException {
        connection.setSoLinger(true, 0);
        connection.close();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket connection = listener.accept();
                accepted.incrementAndGet();
                connections.add(connection);
                start(() -> play(connection), "raw-server-connection");
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void play(Socket connection) {
        try (connection) {
            script.play(connection);
        } catch (Exception expected) {
            // the client went away or the test closed the server: the script simply ends
        } finally {
            connections.remove(connection);
        }
    }

    private void start(Runnable body, String name) {
        Thread thread = new Thread(
                () -> {
                    try {
                        body.run();
                    } finally {
                        threads.remove(Thread.currentThread());
                    }
                },
                name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket connection : connections) {
            connection.close();
        }
        threads.forEach(Thread::interrupt);
    }
}
