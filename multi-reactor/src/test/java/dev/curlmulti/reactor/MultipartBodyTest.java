package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.MultipartParts;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestCertificates;
import dev.curlmulti.core.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Protocol;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Multipart bodies on libcurl's mime API, parsed by a real multipart parser on the server side. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class MultipartBodyTest {
    private final TestServer server = new TestServer();
    private final CurlClient client = CurlClient.create();

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        client.dispose();
        server.close();
    }

    @Test
    void stringBytesFileAndPublisherPartsArriveAsTheServerParsesThem() throws Exception {
        Path file = dir.resolve("report.csv");
        Files.write(file, TestServer.body(40_000, 5));
        byte[] bytes = TestServer.body(3_000, 9);
        // Delayed buffers: the part has nothing ready most of the time, so sending pauses and resumes.
        Flux<ByteBuffer> known = Flux.range(0, 20)
                .delayElements(Duration.ofMillis(2))
                .map(i -> ByteBuffer.wrap(TestServer.body(1_000, i)));
        Flux<ByteBuffer> unknown = Flux.just("a", "bc", "def").map(s -> ByteBuffer.wrap(s.getBytes()));
        MultipartBody body = MultipartBody.builder()
                .text("title", "naïve café")
                .bytes("blob", bytes, "blob.bin", "application/octet-stream")
                .part(MultipartBody.Part.file("report", file)
                        .contentType("text/csv")
                        .header("X-Origin", "test"))
                .publisher("known", known, 20_000)
                .part(MultipartBody.Part.publisher("unknown", unknown, -1).filename("u.txt"))
                .build();

        CurlResponse response =
                client.request(CurlRequest.post(server.url("/echo"), body)).block(Duration.ofSeconds(20));
        assertThat(response.status()).isEqualTo(200);
        response.bodyAsBytes().block(Duration.ofSeconds(20));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        List<MultipartParts.Part> parts = MultipartParts.parse(request.getHeader("Content-Type"), request.getBody());
        assertThat(parts)
                .extracting(MultipartParts.Part::name)
                .containsExactly("title", "blob", "report", "known", "unknown");
        assertThat(parts.get(0).text()).isEqualTo("naïve café");
        assertThat(parts.get(0).filename()).isNull();
        assertThat(parts.get(0).contentType()).isNull();
        assertThat(parts.get(1).body()).isEqualTo(bytes);
        assertThat(parts.get(1).filename()).isEqualTo("blob.bin");
        assertThat(parts.get(1).contentType()).isEqualTo("application/octet-stream");
        assertThat(parts.get(2).body()).isEqualTo(Files.readAllBytes(file));
        assertThat(parts.get(2).filename()).isEqualTo("report.csv");
        assertThat(parts.get(2).contentType()).isEqualTo("text/csv");
        assertThat(parts.get(2).headers().get("X-Origin")).isEqualTo("test");
        byte[] expected = new byte[20_000];
        for (int i = 0; i < 20; i++) {
            System.arraycopy(TestServer.body(1_000, i), 0, expected, i * 1_000, 1_000);
        }
        assertThat(parts.get(3).body()).isEqualTo(expected);
        assertThat(parts.get(4).text()).isEqualTo("abcdef");
        assertThat(parts.get(4).filename()).isEqualTo("u.txt");
    }

    @Test
    void aPublisherPartPausesAndResumesOverHttp2() throws Exception {
        TestCertificates certificates = new TestCertificates();
        try (MockWebServer tls = new MockWebServer()) {
            tls.useHttps(certificates.serverHandshake().sslSocketFactory(), false);
            tls.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
            tls.enqueue(new MockResponse().setBody("ok"));
            tls.start(InetAddress.getLoopbackAddress(), 0);
            Path ca = certificates.written(dir).caPem();
            Flux<ByteBuffer> slow = Flux.range(0, 40)
                    .delayElements(Duration.ofMillis(2))
                    .map(i -> ByteBuffer.wrap(TestServer.body(4_000, i)));
            MultipartBody body = MultipartBody.builder()
                    .text("first", "1")
                    .publisher("slow", slow, 160_000)
                    .build();
            try (CurlClient h2 = CurlClient.builder().caFile(ca).build()) {
                CurlResponse response = h2.request(
                                CurlRequest.post("https://localhost:" + tls.getPort() + "/upload", body))
                        .block(Duration.ofSeconds(20));
                assertThat(response.httpVersion()).isEqualTo("HTTP/2");
                assertThat(response.bodyAsString().block(Duration.ofSeconds(10)))
                        .isEqualTo("ok");
            }
            RecordedRequest request = tls.takeRequest(5, TimeUnit.SECONDS);
            List<MultipartParts.Part> parts =
                    MultipartParts.parse(request.getHeader("Content-Type"), request.getBody());
            assertThat(parts).extracting(MultipartParts.Part::name).containsExactly("first", "slow");
            byte[] expected = new byte[160_000];
            for (int i = 0; i < 40; i++) {
                System.arraycopy(TestServer.body(4_000, i), 0, expected, i * 4_000, 4_000);
            }
            assertThat(parts.get(1).body()).isEqualTo(expected);
        }
    }

    @Test
    void theNextRequestOnAReusedHandleIsAPlainGet() throws Exception {
        MultipartBody body = MultipartBody.builder().text("a", "1").build();
        assertThat(client.request(CurlRequest.builder(server.url("/echo"))
                                .method("PUT")
                                .body(body)
                                .build())
                        .flatMap(CurlResponse::bodyAsString)
                        .block(Duration.ofSeconds(10)))
                .isNotNull();
        client.get(server.url("/bytes/10")).flatMap(CurlResponse::bodyAsBytes).block(Duration.ofSeconds(10));
        RecordedRequest put = server.takeRequest();
        RecordedRequest get = server.takeRequest();
        assertThat(put.getMethod()).isEqualTo("PUT");
        assertThat(put.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(get.getMethod()).isEqualTo("GET");
        assertThat(get.getBodySize()).isZero();
        assertThat(get.getHeader("Content-Type")).isNull();
    }

    @Test
    void aContentTypeHeaderOnTheRequestReplacesFormDataAndKeepsLibcurlsBoundary() throws Exception {
        MultipartBody body = MultipartBody.builder().text("a", "1").build();
        client.request(CurlRequest.builder(server.url("/echo"))
                        .method("POST")
                        .header("Content-Type", "multipart/mixed")
                        .body(body)
                        .build())
                .flatMap(CurlResponse::bodyAsString)
                .block(Duration.ofSeconds(10));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeader("Content-Type")).startsWith("multipart/mixed; boundary=");
        assertThat(request.getHeaders().values("Content-Type")).hasSize(1);
        assertThat(request.getBody().readUtf8()).contains("name=\"a\"").contains("\r\n1\r\n");
    }

    @Test
    void aPublisherThatFailsMidwayEndsTheRequestWithItsError() {
        IllegalStateException broken = new IllegalStateException("the source broke");
        Flux<ByteBuffer> failing =
                Flux.concat(Flux.range(0, 5).map(i -> ByteBuffer.wrap(TestServer.body(10_000, i))), Flux.error(broken));
        MultipartBody body = MultipartBody.builder()
                .text("before", "x")
                .publisher("data", failing, -1)
                .build();
        assertThatThrownBy(() -> client.request(CurlRequest.post(server.url("/echo"), body))
                        .block(Duration.ofSeconds(20)))
                .isSameAs(broken);
    }

    @Test
    void aPublisherThatSendsFewerBytesThanDeclaredFailsTheRequest() {
        MultipartBody body = MultipartBody.builder()
                .publisher("data", Flux.just(ByteBuffer.wrap(new byte[10])), 100)
                .build();
        assertThatThrownBy(() -> client.request(CurlRequest.post(server.url("/echo"), body))
                        .block(Duration.ofSeconds(20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ended after 10 of its declared 100 bytes");
    }

    @Test
    void cancellingMidUploadStopsThePublisherAndFreesTheHandle() throws Exception {
        CountDownLatch firstSent = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        // One buffer, then nothing: the transfer sits paused waiting for the publisher.
        Flux<ByteBuffer> stalled = Flux.concat(Flux.just(ByteBuffer.wrap(new byte[1000])), Flux.<ByteBuffer>never())
                .doOnRequest(n -> firstSent.countDown())
                .doOnCancel(cancelled::countDown);
        MultipartBody body =
                MultipartBody.builder().publisher("data", stalled, -1).build();
        Disposable request =
                client.request(CurlRequest.post(server.url("/echo"), body)).subscribe();
        assertThat(firstSent.await(10, TimeUnit.SECONDS)).isTrue();
        request.dispose();
        assertThat(cancelled.await(10, TimeUnit.SECONDS))
                .as("the publisher is cancelled")
                .isTrue();
        // The handle went back to the pool (its mime freed) or was closed: nothing native in use.
        Await.value(Duration.ofSeconds(10), client::inFlight, n -> n == 0, "no transfer in flight");
    }

    @Test
    void textThatWouldBreakAPartHeaderIsRefusedWhenThePartIsMade() {
        assertThatThrownBy(() -> MultipartBody.Part.text("a\r\nX-Evil: 1", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CR, LF or NUL");
        MultipartBody.Part part = MultipartBody.Part.text("a", "v");
        assertThatThrownBy(() -> part.filename("x\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> part.contentType("text/plain\r\nX: y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> part.header("X-A", "1\r\nX-B: 2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipartBody.builder().build()).isInstanceOf(IllegalStateException.class);
        CurlRequest multipart = CurlRequest.post(
                server.url("/echo"), MultipartBody.builder().text("a", "1").build());
        assertThatThrownBy(() -> new DownloadRequest(multipart, dir.resolve("f"), false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multipart");
    }

    @Test
    void aLargeFilePartIsStreamedByLibcurlNotCopiedIntoTheHeap() throws Exception {
        long size = 20L << 20;
        Path file = dir.resolve("large.bin");
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (var out = Files.newOutputStream(file)) {
            byte[] block = new byte[64 * 1024];
            for (long written = 0; written < size; written += block.length) {
                java.util.Arrays.fill(block, (byte) (written >>> 16));
                out.write(block);
                expected.update(block);
            }
        }
        try (HashingServer hashing = new HashingServer()) {
            MultipartBody body = MultipartBody.builder().file("large", file).build();
            long before = allocatedBytes();
            CurlResponse response =
                    client.request(CurlRequest.post(hashing.url(), body)).block(Duration.ofSeconds(30));
            long allocated = allocatedBytes() - before;
            System.out.printf("20 MiB file part: %.1f MiB allocated on the heap%n", allocated / 1048576.0);
            assertThat(response.status()).isEqualTo(200);
            assertThat(hashing.result.get(10, TimeUnit.SECONDS))
                    .isEqualTo(HexFormat.of().formatHex(expected.digest()) + " " + size);
            // A copy of the file on the heap would be 20 MiB at least.
            assertThat(allocated)
                    .as("bytes allocated on the heap while sending")
                    .isLessThan(8L << 20);
        }
    }

    /** Heap bytes allocated so far by every live thread (client loops and the server included). */
    private static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, allocated);
        }
        return total;
    }

    /**
     * Takes one HTTP/1.1 request whose body is one multipart part and answers 200; hashes the part's
     * content as it streams in (a fixed buffer, never the whole body) into {@link #result}.
     */
    private static final class HashingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        final CompletableFuture<String> result = new CompletableFuture<>();
        private final Thread thread = new Thread(this::serve, "hashing-server");

        HashingServer() throws IOException {
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/upload";
        }

        private void serve() {
            try (Socket connection = socket.accept()) {
                InputStream in = connection.getInputStream();
                String head = readUntilBlankLine(in);
                long length = Long.parseLong(header(head, "content-length"));
                String boundary = header(head, "content-type").replaceAll(".*boundary=", "");
                String partHead = readUntilBlankLine(in);
                byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
                long content = length - partHead.length() - tail.length;
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                for (long left = content; left > 0; ) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException("the body ended early");
                    }
                    digest.update(buffer, 0, n);
                    left -= n;
                }
                byte[] end = in.readNBytes(tail.length);
                if (!java.util.Arrays.equals(end, tail)) {
                    throw new IOException("no closing boundary");
                }
                connection
                        .getOutputStream()
                        .write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                result.complete(HexFormat.of().formatHex(digest.digest()) + " " + content);
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }

        /** Reads up to and including the first CR LF CR LF; returns it all (ASCII). */
        private static String readUntilBlankLine(InputStream in) throws IOException {
            StringBuilder text = new StringBuilder();
            while (!text.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("ended inside a header");
                }
                text.append((char) b);
            }
            return text.toString();
        }

        private static String header(String head, String name) throws IOException {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            throw new IOException("no " + name + " header in " + head);
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(10_000);
        }
    }
}
