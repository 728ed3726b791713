package dev.curlmulti.reactor;

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
 * An HTTP/1.1 server on a plain {@link ServerSocket} that plays a {@link Script} on every
 * connection it accepts, so a test can send exactly the raw bytes (or resets) a real server never
 * would. Every connection runs on its own daemon thread; {@link #close()} closes the listener and
 * every connection and interrupts the scripts.
 */
final class ScriptedRawServer implements AutoCloseable {
    /** What the server does with one accepted connection; the connection is closed when it returns. */
    @FunctionalInterface
    interface Script {
        void play(Socket connection) throws Exception;
    }

    private final ServerSocket listener;
    private final Script script;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    ScriptedRawServer(Script script) throws IOException {
        this.script = script;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start(this::acceptLoop, "scripted-raw-accept");
    }

    /** An absolute URL on this server for {@code path} (which starts with '/'). */
    String url(String path) {
        return "http://127.0.0.1:" + listener.getLocalPort() + path;
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Writes {@code text} as ASCII and flushes. */
    static void send(Socket connection, String text) throws IOException {
        OutputStream out = connection.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Closes with SO_LINGER 0, so the kernel sends a TCP RST instead of a FIN. */
    static void reset(Socket connection) throws IOException {
        connection.setSoLinger(true, 0);
        connection.close();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket connection = listener.accept();
                accepted.incrementAndGet();
                connections.add(connection);
                start(() -> play(connection), "scripted-raw-connection");
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
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, name);
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
