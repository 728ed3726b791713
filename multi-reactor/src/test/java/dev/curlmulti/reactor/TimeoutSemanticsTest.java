package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.testing.BlackholedPort;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawHttp;
import dev.curlmulti.core.testing.RawServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the response and idle timeouts count: the response timeout runs from the moment the
 * request is sent, not while it waits for a connection or streams its body; the idle timeout
 * counts bytes in both directions and not a publisher that has nothing ready.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class TimeoutSemanticsTest {
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void theResponseTimeoutDoesNotCountTheWaitForAConnection() throws Exception {
        // Each answer takes 300 ms; eight requests through one connection wait up to 2.1 s for it.
        MockWebServer server = LambdaMockServer.start(
                request -> new MockResponse().setBody("ok").setHeadersDelay(300, TimeUnit.MILLISECONDS));
        closeAfter.add(server);
        CurlClient client =
                client(CurlClient.builder().maxConnectionsPerHost(1).responseTimeout(Duration.ofSeconds(1)));
        List<String> bodies = Flux.range(0, 8)
                .flatMap(i -> client.get(server.url("/" + i).toString()).flatMap(CurlResponse::bodyAsString), 8)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(bodies).hasSize(8).containsOnly("ok");
        assertThat(server.getRequestCount()).isEqualTo(8);
    }

    @Test
    void aServerThatNeverAnswersStillTimesOutAfterTheRequestWasSent() throws Exception {
        RawServer silent = new RawServer(RawServer.SILENT);
        closeAfter.add(silent);
        CurlClient client = client(CurlClient.builder().responseTimeout(Duration.ofMillis(500)));
        long start = System.nanoTime();
        Throwable error = failure(client.get(silent.url("/")));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(error).isInstanceOf(CurlTimeoutException.class).hasMessageContaining("of sending the request");
        assertThat(tookMs).isBetween(450L, 5000L);
    }

    @Test
    void aRequestsOwnConnectAndIdleTimeoutsOverrideTheClientsAndLeaveOthersAlone() throws Exception {
        BlackholedPort blackhole = new BlackholedPort();
        closeAfter.add(blackhole);
        RawServer stalling = new RawServer(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst bytes");
            Thread.sleep(2_000); // the scenario: a stall longer than the request's 400 ms idle limit
            RawServer.send(connection, "x".repeat(89));
        });
        closeAfter.add(stalling);
        CurlClient client = client(CurlClient.builder().connectTimeout(Duration.ofSeconds(20)));

        long start = System.nanoTime();
        Throwable connect = failure(client.request(CurlRequest.builder(blackhole.url())
                .connectTimeout(Duration.ofMillis(300))
                .build()));
        assertThat(connect).isInstanceOf(CurlTimeoutException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000L);

        Throwable idle = failure(client.request(CurlRequest.builder(stalling.url("/"))
                        .idleTimeout(Duration.ofMillis(400))
                        .build())
                .flatMap(CurlResponse::bodyAsString));
        assertThat(idle)
                .isInstanceOf(CurlTimeoutException.class)
                .hasMessageContaining("no data received or sent for 400 ms");

        // The same client, without overrides: its own (long) limits, the slow body arrives whole.
        String body = client.get(stalling.url("/"))
                .flatMap(CurlResponse::bodyAsString)
                .block(Duration.ofSeconds(20));
        assertThat(body).hasSize(100);
    }

    @Test
    void theResponseTimeoutStartsAfterAStreamedBodysLastByte() throws Exception {
        ThrottledReader server = new ThrottledReader(Long.MAX_VALUE);
        closeAfter.add(server);
        CurlClient client = client(CurlClient.builder().responseTimeout(Duration.ofMillis(500)));
        // 8 chunks, one every 200 ms: 1.6 s of upload, three times the response limit.
        Flux<ByteBuffer> slowBody =
                Flux.interval(Duration.ofMillis(200)).take(8).map(i -> ByteBuffer.wrap(new byte[1000]));
        String answer = client.request(CurlRequest.builder(server.url())
                        .method("POST")
                        .body(RequestBody.ofPublisher(slowBody, 8000))
                        .build())
                .flatMap(CurlResponse::bodyAsString)
                .block(Duration.ofSeconds(30));
        assertThat(answer).isEqualTo("read 8000");
    }

    @Test
    void aSteadilyReadStreamedUploadIsNotIdle() throws Exception {
        int size = 16 << 20;
        ThrottledReader server = new ThrottledReader(6L << 20); // about 2.7 s for 16 MiB
        closeAfter.add(server);
        CurlClient client = client(CurlClient.builder().idleTimeout(Duration.ofMillis(700)));
        byte[] chunk = new byte[64 * 1024];
        Flux<ByteBuffer> body = Flux.range(0, size / chunk.length).map(i -> ByteBuffer.wrap(chunk));
        String answer = client.request(CurlRequest.builder(server.url())
                        .method("PUT")
                        .body(RequestBody.ofPublisher(body, size))
                        .build())
                .flatMap(CurlResponse::bodyAsString)
                .block(Duration.ofSeconds(60));
        assertThat(answer).isEqualTo("read " + size);
    }

    @Test
    void aSteadilyReadInMemoryUploadIsNotIdle() throws Exception {
        int size = 16 << 20;
        ThrottledReader server = new ThrottledReader(6L << 20);
        closeAfter.add(server);
        CurlClient client = client(CurlClient.builder().idleTimeout(Duration.ofMillis(700)));
        String answer = client.request(CurlRequest.builder(server.url())
                        .method("POST")
                        .body(RequestBody.ofBytes(new byte[size]))
                        .build())
                .flatMap(CurlResponse::bodyAsString)
                .block(Duration.ofSeconds(60));
        assertThat(answer).isEqualTo("read " + size);
    }

    @Test
    void aPublisherThatHasNothingReadyIsNotIdle() throws Exception {
        ThrottledReader server = new ThrottledReader(Long.MAX_VALUE);
        closeAfter.add(server);
        CurlClient client = client(CurlClient.builder().idleTimeout(Duration.ofMillis(300)));
        // Nothing to send for a second, twice: the request's own source is slow, not the network.
        Flux<ByteBuffer> body = Flux.concat(
                Mono.just(ByteBuffer.wrap(new byte[100])),
                Mono.delay(Duration.ofSeconds(1)).map(i -> ByteBuffer.wrap(new byte[100])),
                Mono.delay(Duration.ofSeconds(1)).map(i -> ByteBuffer.wrap(new byte[100])));
        String answer = client.request(CurlRequest.builder(server.url())
                        .method("POST")
                        .body(RequestBody.ofPublisher(body, 300))
                        .build())
                .flatMap(CurlResponse::bodyAsString)
                .block(Duration.ofSeconds(30));
        assertThat(answer).isEqualTo("read 300");
    }

    @Test
    void anUploadThatStopsMovingIsIdle() throws Exception {
        ThrottledReader server = new ThrottledReader(Long.MAX_VALUE, 1 << 20); // reads 1 MiB, then nothing
        closeAfter.add(server);
        CurlClient client = client(CurlClient.builder().idleTimeout(Duration.ofMillis(500)));
        long start = System.nanoTime();
        Throwable error = failure(client.request(CurlRequest.builder(server.url())
                .method("POST")
                .body(RequestBody.ofBytes(new byte[32 << 20]))
                .build()));
        assertThat(error).isInstanceOf(CurlTimeoutException.class).hasMessageContaining("no data received or sent");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
    }

    private CurlClient client(CurlClient.Builder builder) {
        CurlClient client = builder.build();
        closeAfter.add(0, client);
        return client;
    }

    private static Throwable failure(Mono<?> mono) {
        try {
            mono.block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            return reactor.core.Exceptions.unwrap(e);
        }
        throw new AssertionError("succeeded");
    }

    /**
     * Reads a request body of known length at a fixed rate (and optionally stops reading after
     * some bytes), then answers {@code read N}.
     */
    private static final class ThrottledReader implements AutoCloseable {
        private final RawServer server;

        ThrottledReader(long bytesPerSecond) throws IOException {
            this(bytesPerSecond, Long.MAX_VALUE);
        }

        ThrottledReader(long bytesPerSecond, long stopAfter) throws IOException {
            server = new RawServer(connection -> serve(connection, bytesPerSecond, stopAfter));
        }

        String url() {
            return server.url("/upload");
        }

        private static void serve(Socket connection, long bytesPerSecond, long stopAfter) throws Exception {
            connection.setReceiveBufferSize(64 * 1024);
            InputStream in = connection.getInputStream();
            long length = contentLength(in);
            byte[] buffer = new byte[64 * 1024];
            long read = 0;
            long start = System.nanoTime();
            while (read < length) {
                if (read >= stopAfter) {
                    Thread.sleep(Long.MAX_VALUE);
                }
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - read));
                if (n < 0) {
                    return;
                }
                read += n;
                long dueNanos = bytesPerSecond == Long.MAX_VALUE ? 0 : read * 1_000_000_000L / bytesPerSecond;
                long aheadMs = TimeUnit.NANOSECONDS.toMillis(dueNanos - (System.nanoTime() - start));
                if (aheadMs > 0) {
                    Thread.sleep(aheadMs);
                }
            }
            String answer = "read " + read;
            RawServer.send(
                    connection,
                    "HTTP/1.1 200 OK\r\nContent-Length: " + answer.length() + "\r\nConnection: close\r\n\r\n" + answer);
        }

        /** Reads the request head and returns its Content-Length. */
        private static long contentLength(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("request head cut short");
                }
                head.append((char) b);
            }
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Long.parseLong(line.substring(15).trim());
                }
            }
            throw new IOException("no Content-Length in " + head.toString().getBytes(StandardCharsets.US_ASCII).length
                    + " bytes of head");
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
