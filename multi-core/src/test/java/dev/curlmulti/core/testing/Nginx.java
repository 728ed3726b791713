package dev.curlmulti.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx on loopback, started for a test and stopped after it: HTTP/1.1 on one port, HTTPS
 * with HTTP/2 on another (certificate from {@link TestCertificates}), keep-alive, no access log,
 * sendfile. Serves files written with {@link #writeCountingFile}. {@code bin/test} installs nginx.
 */
public final class Nginx implements AutoCloseable {
    private final Path directory;
    private final Path www;
    private final TestCertificates.Files certificates;
    private final int httpPort;
    private final int httpsPort;
    private final Process process;
    private final String extraServerConfig;

    public Nginx() {
        this("");
    }

    /**
     * @param extraServerConfig directives added to both server blocks, for example a
     *                          {@code location /slow/ { limit_rate 2k; }} that trickles bodies
     */
    public Nginx(String extraServerConfig) {
        this(extraServerConfig, java.util.List.of());
    }

    /**
     * @param extraServerConfig as in {@link #Nginx(String)}
     * @param launchPrefix      a command nginx is started under, for example
     *                          {@code taskset -c 0} to pin the server to one core in a benchmark
     */
    public Nginx(String extraServerConfig, java.util.List<String> launchPrefix) {
        this.extraServerConfig = extraServerConfig;
        try {
            directory = Files.createTempDirectory("curl-multi-nginx");
            www = Files.createDirectories(directory.resolve("www"));
            Files.createDirectories(directory.resolve("temp"));
            certificates = new TestCertificates().written(directory);
            httpPort = freePort();
            httpsPort = freePort();
            Path conf = directory.resolve("nginx.conf");
            Files.writeString(conf, config());
            java.util.List<String> command = new java.util.ArrayList<>(launchPrefix);
            command.addAll(java.util.List.of(
                    binary(),
                    "-p",
                    directory.toString(),
                    "-c",
                    conf.toString(),
                    "-e",
                    directory.resolve("error.log").toString()));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("stdout.log").toFile())
                    .start();
            awaitListening(httpPort);
            awaitListening(httpsPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String binary() {
        for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("nginx is not installed: run bin/ensure-prerequisites (bin/test does)");
    }

    private String config() {
        String temp = directory.resolve("temp").toString();
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                worker_rlimit_nofile 20000;
                pid %1$s/nginx.pid;
                events { worker_connections 30000; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    keepalive_requests 1000000;
                    keepalive_timeout 60s;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    types { application/octet-stream bin; text/plain txt; }
                    default_type application/octet-stream;
                    server {
                        listen 127.0.0.1:%3$d backlog=4096;
                        root %4$s;
                        %8$s
                    }
                    server {
                        listen 127.0.0.1:%5$d ssl http2 backlog=4096;
                        ssl_certificate %6$s;
                        ssl_certificate_key %7$s;
                        root %4$s;
                        %8$s
                    }
                }
                """.formatted(
                        directory,
                        temp,
                        httpPort,
                        www,
                        httpsPort,
                        certificates.certificatePem(),
                        certificates.privateKeyPem(),
                        extraServerConfig);
    }

    /**
     * Writes {@code name} of {@code size} bytes (a multiple of 8) whose every 8-byte word is its own
     * offset, so a reordered or lost chunk changes the hash. Returns its SHA-256.
     */
    public String writeCountingFile(String name, long size) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Files.createDirectories(www.resolve(name).getParent());
            ByteBuffer block = ByteBuffer.allocate(1 << 20);
            try (OutputStream out = Files.newOutputStream(www.resolve(name))) {
                for (long offset = 0; offset < size; ) {
                    block.clear();
                    while (block.hasRemaining() && offset < size) {
                        block.putLong(offset);
                        offset += 8;
                    }
                    out.write(block.array(), 0, block.position());
                    digest.update(block.array(), 0, block.position());
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a small file with the given bytes. */
    public void writeFile(String name, byte[] content) {
        try {
            Files.write(www.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:port/name} (HTTP/1.1). */
    public String httpUrl(String name) {
        return "http://127.0.0.1:" + httpPort + "/" + name;
    }

    /** {@code https://localhost:port/name} (HTTP/2 over TLS). */
    public String httpsUrl(String name) {
        return "https://localhost:" + httpsPort + "/" + name;
    }

    /** The CA that signed the server certificate, for {@code CAINFO}. */
    public Path caPem() {
        return certificates.caPem();
    }

    public int httpPort() {
        return httpPort;
    }

    public int httpsPort() {
        return httpsPort;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private void awaitListening(int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = Files.exists(directory.resolve("error.log"))
                            ? Files.readString(directory.resolve("error.log"))
                            : "";
                    throw new IOException("nginx did not start on port " + port + ": " + log, e);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", interrupted);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
