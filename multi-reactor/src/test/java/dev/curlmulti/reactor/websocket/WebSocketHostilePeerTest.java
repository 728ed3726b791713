package dev.curlmulti.reactor.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.WebSocketSupport;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Mono;

/**
 * Peers that break RFC 6455 on purpose, each while a healthy download streams on the same loop
 * (one loop, one libcurl multi handle): the hostile session ends with a typed error and the close
 * code the RFC names, the download finishes byte-exact, and the loop serves the next session. A
 * client per test, disposed even when the checks in {@link #stop()} fail, so that {@link NoLeakedHandles}
 * then reports only what the hostile session, the download and the last session left behind.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class WebSocketHostilePeerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int HEALTHY_BYTES = 512 << 10;

    private CurlClient client;
    private MockWebServer healthy;
    private Mono<byte[]> download;

    @BeforeEach
    void start() throws Exception {
        WebSocketSupport.assumeSupported();
        client = CurlClient.builder().loops(1).build();
        healthy = new MockWebServer();
        byte[] body = new byte[HEALTHY_BYTES];
        Arrays.fill(body, (byte) 7);
        healthy.enqueue(new MockResponse()
                .setBody(new Buffer().write(body))
                .throttleBody(256 * 1024, 100, TimeUnit.MILLISECONDS));
        healthy.start(InetAddress.getLoopbackAddress(), 0);
        // about 0.2 s of streaming, started before the hostile peer acts and checked after it
        download = client.get(healthy.url("/").toString())
                .flatMap(CurlResponse::bodyAsBytes)
                .cache();
        download.subscribe(bytes -> {}, e -> {});
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            try {
                byte[] bytes = download.block(WAIT);
                assertThat(bytes).hasSize(HEALTHY_BYTES).containsOnly(7);
                assertTheLoopStillServesSessions();
            } finally {
                client.dispose();
                healthy.shutdown();
            }
        }
    }

    private void assertTheLoopStillServesSessions() throws Exception {
        try (RawWebSocketServer fine = new RawWebSocketServer((in, out) -> {
            out.write(RawWebSocketServer.frame(0x81, "ok".getBytes()));
            RawWebSocketServer.drain(in);
        })) {
            CurlWebSocket ws = client.websocket(fine.uri()).block(WAIT);
            assertThat(ws.receive().next().block(WAIT).text()).isEqualTo("ok");
            ws.dispose();
        }
    }

    /** Runs a server that sends {@code frames} after the upgrade and reports our close code. */
    private CompletableFuture<Integer> serverSending(byte[] frames, RawWebSocketServer[] holder) throws Exception {
        CompletableFuture<Integer> ourClose = new CompletableFuture<>();
        holder[0] = new RawWebSocketServer((in, out) -> {
            out.write(frames);
            out.flush();
            byte[] frame;
            while ((frame = RawWebSocketServer.readFrame(in)) != null) {
                if ((frame[0] & 0x0f) == 8) {
                    ourClose.complete(RawWebSocketServer.closeCode(frame));
                    return;
                }
            }
            ourClose.complete(-1); // the connection ended without our close frame
        });
        return ourClose;
    }

    private WebSocketProtocolException sessionFailure(String uri) {
        CurlWebSocket ws = client.websocket(uri).block(WAIT);
        Throwable error = failureOf(() -> ws.receive().blockLast(WAIT));
        assertThat(error).isInstanceOf(WebSocketProtocolException.class);
        assertThat(ws.closeStatus().block(WAIT)).isEqualTo(((WebSocketProtocolException) error).closeStatus());
        return (WebSocketProtocolException) error;
    }

    @Test
    void aCloseReasonThatIsNotUtf8EndsThatSessionWith1007AndNothingElse() throws Exception {
        byte[] invalid = new byte[123];
        Arrays.fill(invalid, (byte) 0xff);
        RawWebSocketServer[] server = new RawWebSocketServer[1];
        CompletableFuture<Integer> ourClose = serverSending(RawWebSocketServer.closeFrame(1000, invalid), server);
        try (RawWebSocketServer ignored = server[0]) {
            WebSocketProtocolException error = sessionFailure(server[0].uri());
            assertThat(error.closeStatus().code()).isEqualTo(1007);
            assertThat(ourClose.get(10, TimeUnit.SECONDS)).isEqualTo(1007);
        }
    }

    @Test
    void aCloseFrameArrivingWithThe101IsCheckedAllTheSame() throws Exception {
        byte[] invalid = new byte[123];
        Arrays.fill(invalid, (byte) 0xc3); // lead bytes with no continuation
        byte[] close = RawWebSocketServer.closeFrame(1000, invalid);
        Function<String, String> upgradeAndClose = key ->
                RawWebSocketServer.upgrade(key) + new String(close, java.nio.charset.StandardCharsets.ISO_8859_1);
        try (RawWebSocketServer server =
                new RawWebSocketServer(upgradeAndClose, (in, out) -> RawWebSocketServer.drain(in))) {
            CurlWebSocket ws = client.websocket(server.uri()).block(WAIT);
            Throwable error = failureOf(() -> ws.receive().blockLast(WAIT));
            assertThat(error).isInstanceOf(WebSocketProtocolException.class);
            assertThat(ws.closeStatus().block(WAIT).code()).isEqualTo(1007);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1005, 1006, 1015, 1004, 2999, 999, 5000})
    void aCloseCodeNoPeerMaySendIsAProtocolError(int code) throws Exception {
        RawWebSocketServer[] server = new RawWebSocketServer[1];
        CompletableFuture<Integer> ourClose = serverSending(RawWebSocketServer.closeFrame(code, new byte[0]), server);
        try (RawWebSocketServer ignored = server[0]) {
            assertThat(sessionFailure(server[0].uri()).closeStatus().code()).isEqualTo(1002);
            assertThat(ourClose.get(10, TimeUnit.SECONDS)).isEqualTo(1002);
        }
    }

    @Test
    void aOneByteClosePayloadIsAProtocolError() throws Exception {
        RawWebSocketServer[] server = new RawWebSocketServer[1];
        CompletableFuture<Integer> ourClose = serverSending(RawWebSocketServer.frame(0x88, new byte[] {3}), server);
        try (RawWebSocketServer ignored = server[0]) {
            assertThat(sessionFailure(server[0].uri()).closeStatus().code()).isEqualTo(1002);
            assertThat(ourClose.get(10, TimeUnit.SECONDS)).isEqualTo(1002);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1011, 1014, 3000, 4999})
    void aValidCloseCodeIsAnsweredWithTheSameCode(int code) throws Exception {
        RawWebSocketServer[] server = new RawWebSocketServer[1];
        CompletableFuture<Integer> ourClose =
                serverSending(RawWebSocketServer.closeFrame(code, "bye".getBytes()), server);
        try (RawWebSocketServer ignored = server[0]) {
            CurlWebSocket ws = client.websocket(server[0].uri()).block(WAIT);
            ws.receive().blockLast(WAIT);
            assertThat(ws.closeStatus().block(WAIT)).isEqualTo(new CloseStatus(code, "bye"));
            assertThat(ourClose.get(10, TimeUnit.SECONDS)).isEqualTo(code);
        }
    }

    @Test
    void aTextMessageThatIsNotUtf8ClosesWith1007() throws Exception {
        RawWebSocketServer[] server = new RawWebSocketServer[1];
        byte[] frames = concat(
                RawWebSocketServer.frame(0x81, "fine".getBytes()),
                RawWebSocketServer.frame(0x81, new byte[] {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80}));
        CompletableFuture<Integer> ourClose = serverSending(frames, server);
        try (RawWebSocketServer ignored = server[0]) {
            CurlWebSocket ws = client.websocket(server[0].uri()).block(WAIT);
            Throwable error = failureOf(() -> ws.receive()
                    .doOnNext(m -> assertThat(m.text()).isEqualTo("fine"))
                    .blockLast(WAIT));
            assertThat(error).isInstanceOf(WebSocketProtocolException.class);
            assertThat(ws.closeStatus().block(WAIT).code()).isEqualTo(1007);
            assertThat(ourClose.get(10, TimeUnit.SECONDS)).isEqualTo(1007);
        }
    }

    /** Frames libcurl's decoder refuses (8.14, lib/ws.c): the session fails the connection with 1002. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "reserved bit",
                "reserved opcode",
                "masked",
                "fragmented ping",
                "oversized ping",
                "stray continuation",
                "interrupted message"
            })
    void aFrameTheProtocolForbidsIsAProtocolErrorWith1002(String which) throws Exception {
        byte[] frames = switch (which) {
            case "reserved bit" -> RawWebSocketServer.frame(0x81 | 0x40, "x".getBytes());
            case "reserved opcode" -> RawWebSocketServer.frame(0x83, "x".getBytes());
            case "masked" -> new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x' ^ 1};
            case "fragmented ping" -> RawWebSocketServer.frame(0x09, "x".getBytes());
            case "oversized ping" -> RawWebSocketServer.frame(0x89, new byte[126]);
            case "stray continuation" -> RawWebSocketServer.frame(0x80, "x".getBytes());
            default ->
                concat(RawWebSocketServer.frame(0x01, "a".getBytes()), RawWebSocketServer.frame(0x81, "b".getBytes()));
        };
        RawWebSocketServer[] server = new RawWebSocketServer[1];
        CompletableFuture<Integer> ourClose = serverSending(frames, server);
        try (RawWebSocketServer ignored = server[0]) {
            WebSocketProtocolException error = sessionFailure(server[0].uri());
            assertThat(error.closeStatus().code()).as(which).isEqualTo(1002);
            assertThat(error.getMessage()).as(which).contains("[WS]");
            assertThat(ourClose.get(10, TimeUnit.SECONDS)).as(which).isEqualTo(1002);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"no accept", "wrong accept", "no upgrade", "upgrade h2c", "no connection", "extension"})
    void a101ThatIsNotAWebSocketAnswerFailsTheHandshake(String which) throws Exception {
        Function<String, String> answer = key -> {
            String accept = "Sec-WebSocket-Accept: " + RawWebSocketServer.accept(key) + "\r\n";
            String upgrade = "Upgrade: websocket\r\n";
            String connection = "Connection: Upgrade\r\n";
            String extra = "";
            switch (which) {
                case "no accept" -> accept = "";
                case "wrong accept" ->
                    accept = "Sec-WebSocket-Accept: " + RawWebSocketServer.accept(key + "x") + "\r\n";
                case "no upgrade" -> upgrade = "";
                case "upgrade h2c" -> upgrade = "Upgrade: h2c\r\n";
                case "no connection" -> connection = "";
                default -> extra = "Sec-WebSocket-Extensions: permessage-deflate\r\n";
            }
            return "HTTP/1.1 101 Switching Protocols\r\n" + upgrade + connection + accept + extra + "\r\n";
        };
        try (RawWebSocketServer server = new RawWebSocketServer(answer, (in, out) -> RawWebSocketServer.drain(in))) {
            Throwable error = failureOf(() -> client.websocket(server.uri()).block(WAIT));
            assertThat(error)
                    .as(which)
                    .isInstanceOf(WebSocketHandshakeException.class)
                    .hasMessageContaining("did not upgrade by RFC 6455");
        }
    }

    @Test
    void aFloodOfEmptyFramesWithNoDemandIsHeldBackByCount() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (RawWebSocketServer server =
                new RawWebSocketServer((in, out) -> floodOf(out, new byte[] {(byte) 0x81, 0}, sent))) {
            CurlWebSocket ws = client.websocket(server.uri()).block(WAIT);
            long before = heapAfterGc();
            waitUntilStalled(sent);
            long grown = heapAfterGc() - before;
            // Before the bound: 2,000,000 empty frames grew the heap by 131 MiB and on.
            assertThat(grown)
                    .as("heap growth while %d empty frames were sent", sent.get())
                    .isLessThan(16L << 20);
            assertThat(sent.get())
                    .as("frames the server could send before we stopped reading")
                    .isLessThan(4_096_000);
            assertThat(ws.receive().take(2_000).count().block(WAIT)).isEqualTo(2_000);
            ws.dispose();
        }
    }

    @Test
    void aPeerThatPingsAndReadsNoPongsQueuesOnePong() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (RawWebSocketServer server = new RawWebSocketServer(
                (in, out) -> floodOf(out, RawWebSocketServer.frame(0x89, new byte[125]), sent))) {
            CurlWebSocket ws = client.websocket(server.uri()).block(WAIT);
            ws.receive().subscribe(m -> {}, e -> {});
            long before = heapAfterGc();
            waitUntilStalled(sent);
            long grown = heapAfterGc() - before;
            // Before: a pong queued per ping, 400,000 pings grew the heap by 82 MiB.
            assertThat(grown)
                    .as("heap growth while %d pings were sent", sent.get())
                    .isLessThan(16L << 20);
            assertThat(sent.get()).isGreaterThan(10_000);
            ws.dispose();
        }
    }

    @Test
    void aSubscriberThatThrowsOnTheLoopEndsItsSessionWith1011NotTheLoop() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer((in, out) -> {
            out.write(RawWebSocketServer.frame(0x81, "boom".getBytes()));
            out.flush();
            RawWebSocketServer.drain(in);
        })) {
            CurlWebSocket ws = client.websocket(server.uri()).block(WAIT);
            CountDownLatch thrown = new CountDownLatch(1);
            // Breaks the Reactive Streams rule that onNext does not throw: user code does, now and then.
            ws.receive().subscribe(new Subscriber<>() {
                @Override
                public void onSubscribe(Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(WebSocketMessage message) {
                    thrown.countDown();
                    throw new IllegalStateException("a consumer's bug");
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onComplete() {}
            });
            assertThat(thrown.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ws.closeStatus().block(WAIT).code()).isEqualTo(1011);
        }
    }

    /** Writes {@code frame} until the client stops reading (the write blocks), counting them. */
    private static void floodOf(OutputStream out, byte[] frame, AtomicLong sent) throws Exception {
        byte[] batch = new byte[frame.length * 512];
        for (int i = 0; i < 512; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        for (int i = 0; i < 8_000; i++) { // at most 4,096,000 frames
            out.write(batch);
            sent.addAndGet(512);
        }
    }

    /**
     * Waits until the server has sent nothing more for 2 s: its writes block on full buffers (or it
     * sent its whole flood, which is what a client that keeps reading into memory lets it do).
     */
    private static void waitUntilStalled(AtomicLong sent) throws InterruptedException {
        long last = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sent.get() != last && System.nanoTime() < deadline) {
            last = sent.get();
            TimeUnit.SECONDS.sleep(2);
        }
    }

    /** What {@code blocking} threw, unwrapped from Reactor's wrapper for checked exceptions. */
    private static Throwable failureOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable blocking) {
        return reactor.core.Exceptions.unwrap(catchThrowable(blocking));
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteBuffer both = ByteBuffer.allocate(a.length + b.length).put(a).put(b);
        return both.array();
    }
}
