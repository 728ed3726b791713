package dev.curlmulti.reactor;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Answers every HTTP/1.1 request on a unix domain socket with a fixed body (one connection at a time). */
final class UnixSocketServer implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel channel;

    UnixSocketServer(String body) throws IOException {
        path = Files.createTempDirectory("uds").resolve("http.sock");
        channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path));
        byte[] response = ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                        + body)
                .getBytes(StandardCharsets.US_ASCII);
        Thread thread = new Thread(
                () -> {
                    while (channel.isOpen()) {
                        try (SocketChannel connection = channel.accept()) {
                            ByteBuffer request = ByteBuffer.allocate(8192);
                            while (!new String(request.array(), 0, request.position(), StandardCharsets.US_ASCII)
                                    .contains("\r\n\r\n")) {
                                if (connection.read(request) < 0) {
                                    break;
                                }
                            }
                            connection.write(ByteBuffer.wrap(response));
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "unix-socket-server");
        thread.setDaemon(true);
        thread.start();
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
        Files.deleteIfExists(path.getParent());
    }
}
