package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.Nginx;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.ProcessMemory;
import dev.curlmulti.core.testing.RawServer;
import dev.curlmulti.core.testing.RecordingHandler;
import dev.curlmulti.core.testing.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Protocol;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Demand reaches libcurl: nothing flows without it, memory stays flat with it. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(180)
class BackpressureTest {

    @Test
    void withoutDemandNoBytesFlowAndTheServerIsHeldBack() throws Exception {
        long body = 1L << 30;
        AtomicLong written = new AtomicLong();
        try (RawServer server = new RawServer(connection -> sendCounting(connection, body, written));
                CurlClient client = CurlClient.create()) {
            CurlResponse response = client.get(server.url("/big")).block(Duration.ofSeconds(10));
            long[] stalledAt = new long[1];
            StepVerifier.create(response.body(), 0)
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(1500))
                    .then(() -> stalledAt[0] = written.get())
                    .expectNoEvent(Duration.ofMillis(500))
                    .then(() -> {
                        // The server could not write a byte more in the last half second.
                        assertThat(written.get()).isEqualTo(stalledAt[0]);
                        assertThat(stalledAt[0]).isLessThan(64L << 20);
                    })
                    .thenRequest(1)
                    .expectNextMatches(ByteBuffer::hasRemaining)
                    .thenRequest(2000)
                    .expectNextCount(2000)
                    .then(() -> assertThat(written.get()).isGreaterThan(stalledAt[0]))
                    .thenCancel()
                    .verify(Duration.ofSeconds(20));
        }
    }

    /**
     * Sends a {@code length}-byte body with blocking writes, counting the bytes the kernel accepted:
     * when the client stops reading, the count stops.
     */
    private static void sendCounting(Socket connection, long length, AtomicLong written) throws IOException {
        if (!RawServer.skipRequestHead(connection)) {
            return;
        }
        RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n");
        OutputStream out = connection.getOutputStream();
        byte[] chunk = new byte[64 * 1024];
        for (long sent = 0; sent < length; sent += chunk.length) {
            out.write(chunk);
            written.addAndGet(chunk.length);
        }
    }

    @Test
    void aOneGiBBodyReadSlowlyKeepsHeapAndNativeMemoryBounded() throws Exception {
        try (Nginx nginx = new Nginx();
                CurlClient client = CurlClient.create()) {
            String sha = nginx.writeCountingFile("huge.bin", 1L << 30);
            System.gc();
            long rssBefore = ProcessMemory.rssBytes();
            long[] peakRss = {rssBefore};
            long[] peakHeap = {0};
            long[] chunks = {0};
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long bytes = client.get(nginx.httpUrl("huge.bin"))
                    .flatMapMany(CurlResponse::body)
                    .publishOn(Schedulers.single(), 8)
                    .doOnNext(buffer -> {
                        digest.update(buffer.duplicate());
                        if (++chunks[0] % 2048 == 0) {
                            // A slow consumer: it sleeps, and the transfer must wait for it.
                            sleep(2);
                            peakRss[0] = Math.max(peakRss[0], ProcessMemory.rssBytes());
                            Runtime runtime = Runtime.getRuntime();
                            peakHeap[0] = Math.max(peakHeap[0], runtime.totalMemory() - runtime.freeMemory());
                        }
                    })
                    .map(ByteBuffer::remaining)
                    .reduce(0L, Long::sum)
                    .block(Duration.ofSeconds(150));
            assertThat(bytes).isEqualTo(1L << 30);
            assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sha);
            long growth = peakRss[0] - rssBefore;
            System.out.printf(
                    "1 GiB read slowly: peak RSS growth %.1f MiB, peak heap in use %.1f MiB%n",
                    growth / 1048576.0, peakHeap[0] / 1048576.0);
            // Bound: the body never accumulates. At most the 256 KiB queue, 8 chunks in publishOn,
            // libcurl's buffers, and garbage not yet collected; the heap is capped at 1 GiB anyway,
            // so RSS is the honest check of both heap and native growth.
            assertThat(growth).as("peak RSS growth").isLessThan(256L << 20);
        }
    }

    @Test
    void aSlowlyEmitted32MiBUploadArrivesIntactOverHttp1() throws Exception {
        uploadSlowly(false);
    }

    @Test
    void aSlowlyEmitted32MiBUploadArrivesIntactOverHttp2() throws Exception {
        uploadSlowly(true);
    }

    private static void uploadSlowly(boolean http2) throws Exception {
        TestCertificates certificates = new TestCertificates();
        Path dir = Files.createTempDirectory("upload-tls");
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse().setBody(request.getBody().sha256().hex() + " " + request.getBodySize());
                }
            });
            server.setBodyLimit(200L << 20);
            if (http2) {
                server.useHttps(certificates.serverHandshake().sslSocketFactory(), false);
                server.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
            }
            server.start();
            TestCertificates.Files pem = certificates.written(dir);
            int chunkSize = 64 * 1024;
            int count = 512; // 32 MiB: hundreds of flow-control windows, in a test run that stays short
            MessageDigest expected = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < count; i++) {
                expected.update(chunk(i, chunkSize));
            }
            Flux<ByteBuffer> slow = Flux.range(0, count)
                    .delayElements(Duration.ofMillis(1))
                    .map(i -> ByteBuffer.wrap(chunk(i, chunkSize)));
            String base = http2 ? "https://localhost:" + server.getPort() : "http://127.0.0.1:" + server.getPort();
            try (CurlClient client = CurlClient.builder().caFile(pem.caPem()).build()) {
                CurlResponse response = client.request(CurlRequest.builder(base + "/upload")
                                .method("POST")
                                .body(RequestBody.ofPublisher(slow, (long) count * chunkSize))
                                .build())
                        .block(Duration.ofSeconds(60));
                String answer = response.bodyAsString().block(Duration.ofSeconds(60));
                assertThat(response.httpVersion()).isEqualTo(http2 ? "HTTP/2" : "HTTP/1.1");
                assertThat(answer)
                        .isEqualTo(HexFormat.of().formatHex(expected.digest()) + " " + ((long) count * chunkSize));
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static byte[] chunk(int index, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i += 4) {
            int value = index * size + i;
            bytes[i] = (byte) (value >>> 24);
            bytes[i + 1] = (byte) (value >>> 16);
            bytes[i + 2] = (byte) (value >>> 8);
            bytes[i + 3] = (byte) value;
        }
        return bytes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unused")
    private static String unused(RecordingHandler handler) {
        return handler.sha256();
    }
}
