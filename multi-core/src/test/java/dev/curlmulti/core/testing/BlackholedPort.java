package dev.curlmulti.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port whose listener never accepts and whose accept queue is full, so the kernel drops
 * new SYNs and a connect can only time out: a connect timeout without any network. The queue is
 * filled with plain sockets until one of them can no longer connect. Close it to free them.
 */
public final class BlackholedPort implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    public BlackholedPort() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 10; i++) {
            Socket filler = new Socket();
            fillers.add(filler);
            try {
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 300);
            } catch (SocketTimeoutException full) {
                return;
            }
        }
        close();
        throw new IllegalStateException("the accept queue never filled up; SYNs are not dropped here");
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:port/}. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    @Override
    public void close() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        listener.close();
    }
}
