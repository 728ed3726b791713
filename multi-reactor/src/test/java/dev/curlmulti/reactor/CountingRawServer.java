package dev.curlmulti.reactor;

import dev.curlmulti.core.testing.RawHttp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-connection HTTP/1.1 server on a plain socket that sends a large body with blocking writes
 * and counts how many bytes the kernel accepted: when the client stops reading, the count stops.
 */
final class CountingRawServer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private final long bodyLength;

    CountingRawServer(long bodyLength) throws IOException {
        this.bodyLength = bodyLength;
        socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "counting-raw-server");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/big";
    }

    long written() {
        return written.get();
    }

    private void serve() {
        try (Socket connection = socket.accept()) {
            if (!RawHttp.skipRequestHead(connection.getInputStream())) {
                return;
            }
            OutputStream out = connection.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + bodyLength + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            for (long sent = 0; sent < bodyLength; sent += chunk.length) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        } catch (IOException expectedWhenTheClientGoes) {
            // the client cancelled
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        thread.interrupt();
    }
}
