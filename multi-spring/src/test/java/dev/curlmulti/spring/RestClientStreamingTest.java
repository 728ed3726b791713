package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.reactor.CurlClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * Bodies streamed both ways through RestClient on libcurl, against the JDK's own HTTP server
 * (which reads and writes bodies as they flow): a request body reaches the server while it is
 * still being written, large bodies arrive whole, closing a response early aborts the transfer, a
 * blocked reader holds up no one else, and many virtual threads share one client.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class RestClientStreamingTest {
    private static final int MIB = 1024 * 1024;

    private final StreamingServer server;
    private final CurlClientHttpRequestFactory factory =
            new CurlClientHttpRequestFactory(CurlClient.builder().loops(1).build());
    private final RestClient restClient =
            RestClient.builder().requestFactory(factory).build();

    RestClientStreamingTest() throws IOException {
        server = new StreamingServer();
    }

    @AfterEach
    void tearDown() {
        factory.client().dispose();
        factory.close();
        server.close();
    }

    @Test
    void aRequestBodyReachesTheServerWhileItIsStillBeingWritten() throws Exception {
        CountDownLatch firstPartArrived = new CountDownLatch(1);
        AtomicReference<String> framing = new AtomicReference<>();
        server.handle("/upload", exchange -> {
            framing.set(exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
            // Counted as read: the JDK server's chunked decoder blocks at the end of a chunk until
            // the next chunk's header arrives, so no read may ask for more than the first part.
            InputStream in = exchange.getRequestBody();
            byte[] buffer = new byte[4096];
            long total = 0;
            for (int n; total < 32 * 1024 && (n = in.read(buffer)) > 0; ) {
                total += n;
            }
            firstPartArrived.countDown();
            total += StreamingServer.drain(exchange);
            StreamingServer.reply(exchange, 200, Long.toString(total));
        });

        StreamingHttpOutputMessage.Body body = out -> {
            out.write(new byte[64 * 1024]);
            out.flush();
            // Were the body buffered whole before sending, the server would never see this part: a hang.
            try {
                assertThat(firstPartArrived.await(20, TimeUnit.SECONDS))
                        .as("first part reached the server")
                        .isTrue();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            out.write(new byte[3 * MIB]);
        };
        String received = restClient
                .post()
                .uri(server.url("/upload"))
                .body(body)
                .retrieve()
                .body(String.class);

        assertThat(received).isEqualTo(Long.toString(64 * 1024 + 3 * MIB));
        assertThat(framing.get()).isEqualToIgnoringCase("chunked");
    }

    @Test
    void aStreamedBodyWithADeclaredLengthIsSentWithContentLength() throws Exception {
        AtomicReference<String> length = new AtomicReference<>();
        server.handle("/sized", exchange -> {
            length.set(exchange.getRequestHeaders().getFirst("Content-Length"));
            StreamingServer.reply(exchange, 200, Long.toString(StreamingServer.drain(exchange)));
        });
        String received = restClient
                .post()
                .uri(server.url("/sized"))
                .contentLength(5 * MIB)
                .body(out -> out.write(new byte[5 * MIB]))
                .retrieve()
                .body(String.class);
        assertThat(received).isEqualTo(Long.toString(5 * MIB));
        assertThat(length.get()).isEqualTo(Long.toString(5 * MIB));
    }

    @Test
    void largeBodiesGoUpAndComeDownWhole() throws Exception {
        int size = 64 * MIB;
        server.handle("/crc", exchange -> {
            CRC32 crc = new CRC32();
            byte[] buffer = new byte[65536];
            try (InputStream in = exchange.getRequestBody()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    crc.update(buffer, 0, n);
                }
            }
            StreamingServer.reply(exchange, 200, Long.toHexString(crc.getValue()));
        });
        server.handle("/download", exchange -> {
            exchange.sendResponseHeaders(200, size);
            try (OutputStream out = exchange.getResponseBody()) {
                writePattern(out, size);
            }
        });

        String uploadedCrc = restClient
                .post()
                .uri(server.url("/crc"))
                .body(out -> writePattern(out, size))
                .retrieve()
                .body(String.class);
        assertThat(uploadedCrc).isEqualTo(Long.toHexString(patternCrc(size)));

        long downloadedCrc =
                restClient.get().uri(server.url("/download")).exchange((request, response) -> crc(response.getBody()));
        assertThat(downloadedCrc).isEqualTo(patternCrc(size));
    }

    @Test
    void closingTheResponseEarlyAbortsTheTransfer() throws Exception {
        CountDownLatch serverSawTheAbort = new CountDownLatch(1);
        AtomicLong sent = new AtomicLong();
        server.handle("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[16 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException aborted) {
                serverSawTheAbort.countDown();
            }
        });

        byte[] first = restClient
                .get()
                .uri(server.url("/endless"))
                .exchange((request, response) -> response.getBody().readNBytes(1024));

        assertThat(first).hasSize(1024);
        assertThat(serverSawTheAbort.await(20, TimeUnit.SECONDS))
                .as("the server's writes failed")
                .isTrue();
        // Backpressure held the server to what fits in buffers, far from an endless body.
        assertThat(sent.get()).isLessThan(64L * MIB);
    }

    @Test
    void aReaderThatStopsReadingHoldsUpNoOtherRequest() throws Exception {
        server.handle("/big", exchange -> {
            exchange.sendResponseHeaders(200, 32 * MIB);
            try (OutputStream out = exchange.getResponseBody()) {
                writePattern(out, 32 * MIB);
            } catch (IOException aborted) {
                // the held response is closed at the end
            }
        });
        server.handle("/small", exchange -> StreamingServer.reply(exchange, 200, "small"));

        // One loop thread: were it waiting for the stalled reader, the small request could not run.
        ClientHttpResponse held = factory.createRequest(
                        java.net.URI.create(server.url("/big")), org.springframework.http.HttpMethod.GET)
                .execute();
        try {
            assertThat(held.getBody().read()).isNotNegative();
            for (int i = 0; i < 20; i++) {
                assertThat(restClient.get().uri(server.url("/small")).retrieve().body(String.class))
                        .isEqualTo("small");
            }
        } finally {
            held.close();
        }
    }

    @Test
    void manyThreadsShareOneClientVirtualOnesWhereTheJdkHasThem() throws Exception {
        server.handle(
                "/n",
                exchange -> StreamingServer.reply(
                        exchange, 200, exchange.getRequestURI().getQuery()));
        ExecutorService threads = virtualThreadsOrAPool();
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String query = "i=" + i;
                answers.add(threads.submit(() -> restClient
                        .get()
                        .uri(server.url("/n?" + query))
                        .retrieve()
                        .body(String.class)));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("i=" + i);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** A virtual thread per task on Java 21+, else a pool of platform threads (the suite runs on both). */
    static ExecutorService virtualThreadsOrAPool() {
        try {
            return (ExecutorService)
                    Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException notOnThisJdk) {
            return Executors.newFixedThreadPool(32);
        }
    }

    static void writePattern(OutputStream out, int size) throws IOException {
        byte[] block = pattern();
        for (int written = 0; written < size; written += block.length) {
            out.write(block, 0, Math.min(block.length, size - written));
        }
    }

    static long patternCrc(int size) {
        CRC32 crc = new CRC32();
        byte[] block = pattern();
        for (int done = 0; done < size; done += block.length) {
            crc.update(block, 0, Math.min(block.length, size - done));
        }
        return crc.getValue();
    }

    private static byte[] pattern() {
        byte[] block = new byte[100_003];
        new Random(7).nextBytes(block);
        return block;
    }

    static long crc(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[65536];
        for (int n; (n = in.read(buffer)) > 0; ) {
            crc.update(buffer, 0, n);
        }
        return crc.getValue();
    }
}
