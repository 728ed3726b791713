package dev.curlmulti.spring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's python3-websockets serving {@code websocket/ws_server.py} (a copy of multi-reactor's
 * test server; its paths are listed there) on a free loopback port: a WebSocket server nobody here
 * wrote. {@link #close()} kills it.
 */
final class PythonWebSocketServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private PythonWebSocketServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static PythonWebSocketServer start() throws IOException {
        Path dir = Files.createTempDirectory("ws-server");
        Path script = dir.resolve("ws_server.py");
        try (InputStream in = PythonWebSocketServer.class.getResourceAsStream("/websocket/ws_server.py")) {
            Files.copy(in, script);
        }
        // Debian's python, which has the package (a python earlier on the PATH may not).
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process process = new ProcessBuilder(python, script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the python3-websockets server did not start (is python3-websockets installed? "
                    + "bin/ensure-prerequisites installs it)");
        }
        return new PythonWebSocketServer(process, Integer.parseInt(line.trim()));
    }

    /** The ws:// URI of {@code path} on this server. */
    java.net.URI uri(String path) {
        return java.net.URI.create("ws://127.0.0.1:" + port + path);
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
