package dev.curlmulti.bench;

import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The echo server of {@code bin/bench-websocket}: Reactor Netty's WebSocket server on
 * {@code ws://127.0.0.1:PORT/echo}, in a JVM of its own (on the other core when pinned) so that it
 * is neither client under test. Every text and binary message goes back as it came, in order; pings
 * are answered and close frames returned by Reactor Netty itself.
 *
 * <p>Speaks {@link Worker}'s line protocol on stdin and stdout: {@code ready} once listening, then
 * {@code port -> ok PORT}, {@code connections -> ok OPEN} (connections accepted and not yet closed, so
 * that the bench can wait for one client's sessions to be gone before the next opens its own), {@code
 * limits -> ok SOFT HARD} (its open-file limit) and {@code quit}. Usage: {@code WebSocketEchoServer}
 * (no arguments).
 */
public final class WebSocketEchoServer {
    /** The path the echo is served on. */
    static final String PATH = "/echo";

    private WebSocketEchoServer() {}

    public static void main(String[] args) throws Exception {
        PrintStream answers =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        AtomicInteger connections = new AtomicInteger();
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnChannelInit((observer, channel, address) -> {
                    connections.incrementAndGet();
                    channel.closeFuture().addListener(closed -> connections.decrementAndGet());
                })
                .route(routes -> routes.ws(
                        PATH,
                        (in, out) -> out.sendObject(in.aggregateFrames()
                                .receiveFrames()
                                .filter(frame ->
                                        frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)
                                // Reactor Netty releases each received frame after onNext; the write releases this
                                // hold.
                                .map(WebSocketFrame::retain))))
                .bindNow();
        try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            answers.println("ready");
            String line;
            while ((line = commands.readLine()) != null && !line.equals("quit")) {
                answers.println(
                        switch (line) {
                            case "port" -> "ok " + server.port();
                            case "connections" -> "ok " + connections.get();
                            case "limits" ->
                                "ok " + OpenFiles.current().soft() + " "
                                        + OpenFiles.current().hard();
                            default -> "err unknown command " + line;
                        });
            }
        } finally {
            server.disposeNow();
        }
        System.exit(0);
    }
}
