package dev.curlmulti.spring;

import dev.curlmulti.core.testing.RawHttp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Answers one request with a chunked body whose second chunk is malformed. */
final class RawChunkedServer implements AutoCloseable {
    private final ServerSocket socket;

    RawChunkedServer() throws IOException {
        socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket connection = socket.accept()) {
                if (!RawHttp.skipRequestHead(connection.getInputStream())) {
                    return;
                }
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
                        + "5\r\nhello\r\nZZ-not-hex\r\nbroken\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(200);
            } catch (IOException | InterruptedException ignored) {
                // done
            }
        }, "raw-chunked-server");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
