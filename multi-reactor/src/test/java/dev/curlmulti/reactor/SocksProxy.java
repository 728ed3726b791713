package dev.curlmulti.reactor;

import dev.curlmulti.core.testing.RawServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SOCKS4/4a/5 proxy (no authentication, CONNECT only) on loopback that records which
 * destination each client asked for, as {@code host:port}, and pipes the bytes.
 */
final class SocksProxy implements AutoCloseable {
    private final RawServer server;
    private final List<String> destinations = new CopyOnWriteArrayList<>();

    SocksProxy() throws IOException {
        server = new RawServer(this::handle);
    }

    int port() {
        return server.port();
    }

    List<String> destinations() {
        return destinations;
    }

    private void handle(Socket client) {
        try (client) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            int version = in.readUnsignedByte();
            String host;
            int port;
            if (version == 5) {
                int methods = in.readUnsignedByte();
                in.readFully(new byte[methods]);
                out.write(new byte[] {5, 0});
                in.readUnsignedByte(); // version
                in.readUnsignedByte(); // CONNECT
                in.readUnsignedByte(); // reserved
                int type = in.readUnsignedByte();
                if (type == 1) {
                    byte[] address = new byte[4];
                    in.readFully(address);
                    host = InetAddress.getByAddress(address).getHostAddress();
                } else if (type == 3) {
                    byte[] name = new byte[in.readUnsignedByte()];
                    in.readFully(name);
                    host = new String(name, StandardCharsets.US_ASCII);
                } else {
                    return;
                }
                port = in.readUnsignedShort();
            } else if (version == 4) {
                in.readUnsignedByte(); // CONNECT
                port = in.readUnsignedShort();
                byte[] address = new byte[4];
                in.readFully(address);
                readNulTerminated(in); // user id
                host = address[0] == 0 && address[1] == 0 && address[2] == 0 && address[3] != 0
                        ? readNulTerminated(in) // SOCKS4a: the name follows
                        : InetAddress.getByAddress(address).getHostAddress();
            } else {
                return;
            }
            destinations.add(host + ":" + port);
            String target = host.endsWith(".test") ? "127.0.0.1" : host;
            try (Socket upstream = new Socket(target, port)) {
                out.write(
                        version == 5
                                ? new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0}
                                : new byte[] {0, 90, 0, 0, 0, 0, 0, 0});
                Thread back = new Thread(() -> pipe(upstream, client));
                back.setDaemon(true);
                back.start();
                pipe(client, upstream);
                back.join(5000);
            }
        } catch (IOException | InterruptedException ignored) {
            // the connection ended
        }
    }

    private static String readNulTerminated(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        int b;
        while ((b = in.read()) > 0) {
            text.append((char) b);
        }
        return text.toString();
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
