package dev.curlmulti.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's python3-websockets serving {@code websocket/ws_server.py} (this test-jar's resource; its
 * paths are listed there) on a free loopback port: a WebSocket server nobody here wrote, for the
 * WebSocket tests of every module. {@link #close()} kills it.
 */
public final class PythonWebSocketServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final boolean tls;

    private PythonWebSocketServer(Process process, int port, boolean tls) {
        this.process = process;
        this.port = port;
        this.tls = tls;
    }

    /** A plain ws:// server. */
    public static PythonWebSocketServer start() throws IOException {
        return start(null, null);
    }

    /** A wss:// server with {@code certificatePem} and {@code keyPem} (files are written to a temp dir). */
    public static PythonWebSocketServer start(String certificatePem, String keyPem) throws IOException {
        Path dir = Files.createTempDirectory("ws-server");
        Path script = dir.resolve("ws_server.py");
        try (InputStream in = PythonWebSocketServer.class.getResourceAsStream("/websocket/ws_server.py")) {
            Files.copy(in, script);
        }
        List<String> command = new ArrayList<>(List.of(python(), script.toString()));
        if (certificatePem != null) {
            Path cert = Files.writeString(dir.resolve("cert.pem"), certificatePem);
            Path key = Files.writeString(dir.resolve("key.pem"), keyPem);
            command.addAll(List.of("--tls", cert.toString(), key.toString()));
        }
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the python3-websockets server did not start (is python3-websockets installed?"
                    + " bin/ensure-prerequisites installs it)");
        }
        return new PythonWebSocketServer(process, Integer.parseInt(line.trim()), certificatePem != null);
    }

    /** Debian's python, which has the package (a python earlier on the PATH may not). */
    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** The URL of {@code path} on this server, for 127.0.0.1 (wss: for "localhost", the certificate's name). */
    public String url(String path) {
        return (tls ? "wss://localhost:" : "ws://127.0.0.1:") + port + path;
    }

    /** {@link #url} as a {@link java.net.URI}. */
    public java.net.URI uri(String path) {
        return java.net.URI.create(url(path));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
