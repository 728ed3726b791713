package dev.curlmulti.samples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * A small HTTP server on loopback that serves generated files at {@code /file/N} (N bytes), so the
 * samples run with no network. Uses the JDK's built-in server; close it when done.
 */
public final class LocalFileServer implements AutoCloseable {
    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK: every keep-alive response would wait ~40 ms.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "local-file-server");
        thread.setDaemon(true);
        return thread;
    });

    public LocalFileServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/file/", exchange -> {
            int length = Integer.parseInt(exchange.getRequestURI().getPath().substring("/file/".length()));
            exchange.sendResponseHeaders(200, length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(content(length));
            }
        });
        server.createContext("/upload", exchange -> {
            // Reads the body as it streams in and answers "<bytes> <sha256>".
            try (exchange;
                    java.io.InputStream in = exchange.getRequestBody()) {
                java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                    total += n;
                }
                byte[] answer = (total + " " + java.util.HexFormat.of().formatHex(digest.digest()))
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** The bytes served at {@code /file/N}. */
    public static byte[] content(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    /** URLs of {@code count} files of assorted sizes. */
    public List<String> sampleUrls(int count) {
        return IntStream.range(0, count).mapToObj(i -> url(1024 << (i % 8))).toList();
    }

    /** The URL that answers an upload with its size and SHA-256. */
    public String uploadUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/upload";
    }

    /** The URL of an N-byte file. */
    public String url(int length) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/file/" + length;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
