package dev.curlmulti.samples.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The built-in HTTP server of the downloader demo, on loopback: {@code /files/NAME} serves the
 * catalogue's generated files (with Range requests, so downloads can resume), {@code /manifest.txt}
 * lists {@code name size sha256}. Slow files trickle; {@code missing.bin} is 404,
 * {@code broken.bin} always 500, {@code reset.bin} drops the connection mid-body, {@code flaky.bin}
 * fails once with 503. Counts the requests per file.
 */
final class DemoServer implements AutoCloseable {
    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32, runnable -> {
        Thread thread = new Thread(runnable, "demo-file-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, DemoFiles.DemoFile> files;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    DemoServer() {
        files = DemoFiles.catalogue().stream().collect(Collectors.toMap(DemoFiles.DemoFile::name, Function.identity()));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/files/", this::serveFile);
        server.createContext("/manifest.txt", this::serveManifest);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String url(String name) {
        return baseUrl() + "/files/" + name;
    }

    List<DemoFiles.DemoFile> catalogue() {
        return DemoFiles.catalogue();
    }

    int requestsFor(String name) {
        AtomicInteger count = requests.get(name);
        return count == null ? 0 : count.get();
    }

    private void serveManifest(HttpExchange exchange) throws IOException {
        StringBuilder manifest = new StringBuilder();
        for (DemoFiles.DemoFile file : DemoFiles.catalogue()) {
            if (!file.expectedToFail()) {
                manifest.append(file.name())
                        .append(' ')
                        .append(file.size())
                        .append(' ')
                        .append(DemoFiles.sha256(file))
                        .append('\n');
            }
        }
        byte[] body = manifest.toString().getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void serveFile(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/files/".length());
        DemoFiles.DemoFile file = files.get(name);
        int attempt = requests.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            if (file == null || file.kind() == DemoFiles.Kind.MISSING) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (file.kind() == DemoFiles.Kind.BROKEN || (file.kind() == DemoFiles.Kind.FLAKY && attempt == 1)) {
                exchange.sendResponseHeaders(file.kind() == DemoFiles.Kind.FLAKY ? 503 : 500, -1);
                return;
            }
            long start = rangeStart(exchange.getRequestHeaders().getFirst("Range"));
            if (start >= file.size()) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + file.size());
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            long length = file.size() - start;
            if (start > 0) {
                exchange.getResponseHeaders()
                        .add("Content-Range", "bytes " + start + "-" + (file.size() - 1) + "/" + file.size());
            }
            exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
            exchange.sendResponseHeaders(start > 0 ? 206 : 200, length);
            OutputStream out = exchange.getResponseBody();
            byte[] chunk = new byte[1 << 16];
            for (long sent = 0; sent < length; ) {
                int n = (int) Math.min(chunk.length, length - sent);
                if (file.kind() == DemoFiles.Kind.RESET && sent >= 64 * 1024) {
                    // Drop the connection mid-body: the client sees a truncated transfer.
                    throw new IOException("demo: connection reset on purpose");
                }
                DemoFiles.fill(file, start + sent, chunk, n);
                out.write(chunk, 0, n);
                sent += n;
                if (file.kind() == DemoFiles.Kind.SLOW) {
                    out.flush();
                    sleep(40);
                }
            }
            out.close();
        }
    }

    private static long rangeStart(String range) {
        if (range == null || !range.startsWith("bytes=")) {
            return 0;
        }
        String spec = range.substring(6);
        int dash = spec.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(spec.substring(0, dash).trim()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The demo server's files, each with the size and SHA-256 its manifest gives. */
    List<Entry> entries(CurlClient client) {
        String text = client.get(baseUrl() + "/manifest.txt")
                .flatMap(CurlResponse::bodyAsString)
                .block(Duration.ofSeconds(60));
        // Lines of "name size sha256".
        Map<String, String[]> expected = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 3) {
                expected.put(parts[0], parts);
            }
        }
        List<Entry> entries = new java.util.ArrayList<>();
        for (DemoFiles.DemoFile file : catalogue()) {
            Entry entry = Entry.of(url(file.name()));
            String[] known = expected.get(file.name());
            entries.add(known == null ? entry : entry.expecting(Long.parseLong(known[1]), known[2]));
        }
        return entries;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
