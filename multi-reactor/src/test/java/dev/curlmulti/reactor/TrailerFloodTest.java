package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.ProcessMemory;
import dev.curlmulti.core.testing.RawHttp;
import dev.curlmulti.core.testing.RawServer;
import dev.curlmulti.core.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A server that follows a chunked body with endless trailers: libcurl keeps every trailer line for
 * {@code curl_easy_header} (7.88 without any limit, 8.14 up to 5,000 lines of any length), so the
 * client cuts the transfer at its own limits ({@link TransferHandler#MAX_TRAILER_BYTES},
 * {@link TransferHandler#MAX_TRAILER_LINES}, or {@code maxResponseSize} with the body) with a
 * {@link CurlTooLargeException}, while a transfer beside it finishes whole and the process's resident
 * memory stays put.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class TrailerFloodTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final int FLOODS = 4;
    /** A few MiB: the trailers kept up to the limits by each flood, libcurl's buffers, and noise. */
    private static final long RSS_GROWTH_LIMIT = 8L << 20;

    private final TestServer healthyServer = new TestServer();

    @RegisterExtension
    final TestResources resources = new TestResources();

    @AfterEach
    void tearDown() throws Exception {
        healthyServer.close();
    }

    /** Lines of 4,000 bytes (libcurl takes trailer lines up to 4 KiB) meet the byte limit; of 6, the line limit. */
    @ParameterizedTest
    @ValueSource(ints = {4_000, 6})
    void endlessTrailersAreCutWithTooLargeBesideAHealthyTransferAndMemoryStaysPut(int lineLength) throws Exception {
        AtomicLong sent = new AtomicLong();
        RawServer flooder = flooder(lineLength, sent);
        CurlClient client = client(CurlClient.builder());
        // The client's first request first, so what is measured is the flood, not the client's start. (Not a
        // flood: the memory libcurl freed after it would be reused by the next one, hiding its growth.)
        assertThat(client.get(healthyServer.url("/bytes/1000"))
                        .flatMap(CurlResponse::bodyAsBytes)
                        .block(LIMIT))
                .hasSize(1000);
        System.gc();
        long before = ProcessMemory.rssBytes();
        long[] peak = {before};
        CompletableFuture<byte[]> healthy = client.get(healthyServer.url("/slow/20000"))
                .flatMap(CurlResponse::bodyAsBytes)
                .toFuture();
        sent.set(0);
        List<Throwable> errors;
        try (Sampler sampler = new Sampler(peak)) {
            // Several at once, so that what libcurl would keep cannot hide in memory the allocator already holds.
            errors = Flux.range(0, FLOODS)
                    .flatMap(i -> floodError(client, flooder), FLOODS)
                    .collectList()
                    .block(LIMIT);
        }
        long growth = peak[0] - before;
        System.out.printf(
                "%d trailer floods of %d-byte lines: %d bytes sent, peak RSS growth %.1f MiB, %s%n",
                FLOODS, lineLength, sent.get(), growth / 1048576.0, errors);
        assertThat(healthy.get(LIMIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(TestServer.body(20_000));
        assertThat(errors).hasSize(FLOODS).allMatch(CurlTooLargeException.class::isInstance);
        assertThat(growth).as("peak RSS growth").isLessThan(RSS_GROWTH_LIMIT);
    }

    @Test
    void trailersCountTowardTheResponseSizeLimit() throws Exception {
        RawServer flooder = flooder(4_000, new AtomicLong());
        Throwable error = flood(client(CurlClient.builder().maxResponseSize(64 * 1024)), flooder);
        assertThat(error)
                .isInstanceOf(CurlTooLargeException.class)
                .hasMessageContaining("body and trailers exceed the limit of 65536 bytes");
    }

    /** The error the flood's body ends with. */
    private static Throwable flood(CurlClient client, RawServer flooder) {
        return floodError(client, flooder).block(LIMIT);
    }

    private static Mono<Throwable> floodError(CurlClient client, RawServer flooder) {
        return client.get(flooder.url("/"))
                .flatMap(CurlResponse::bodyAsBytes)
                .<Throwable>map(body -> new AssertionError("the flood succeeded with " + body.length + " bytes"))
                .onErrorResume(Mono::just);
    }

    /**
     * A body "ok", then trailer lines of {@code lineLength} bytes; {@code sent} counts them. The flood
     * is far beyond any limit, yet bounded (libcurl 7.88 keeps short lines at about 80 bytes each), so
     * a client that does not cut it cannot exhaust the machine.
     */
    private RawServer flooder(int lineLength, AtomicLong sent) throws IOException {
        long flood = lineLength >= 1_000 ? 32L << 20 : 2L << 20;
        byte[] line = new byte[lineLength];
        Arrays.fill(line, (byte) 'f');
        System.arraycopy("X-F: ".getBytes(StandardCharsets.US_ASCII), 0, line, 0, 5);
        line[lineLength - 2] = '\r';
        line[lineLength - 1] = '\n';
        byte[] batch = new byte[(65_536 / lineLength) * lineLength];
        for (int i = 0; i < batch.length; i += lineLength) {
            System.arraycopy(line, 0, batch, i, lineLength);
        }
        RawServer server = new RawServer(connection -> {
            while (RawHttp.skipRequestHead(connection.getInputStream())) {
                RawServer.send(connection, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n");
                OutputStream out = connection.getOutputStream();
                for (long written = 0; written < flood; written += batch.length) {
                    out.write(batch);
                    sent.addAndGet(batch.length);
                }
                RawServer.send(connection, "\r\n");
            }
        });
        return resources.add(server);
    }

    private CurlClient client(CurlClient.Builder builder) {
        return resources.client(builder);
    }

    /** Samples the resident memory every 5 ms into {@code peak[0]} until closed. */
    private static final class Sampler implements AutoCloseable {
        private final Thread thread;

        Sampler(long[] peak) {
            thread = new Thread(
                    () -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            long rss = ProcessMemory.rssBytes();
                            synchronized (peak) {
                                peak[0] = Math.max(peak[0], rss);
                            }
                            try {
                                Thread.sleep(5);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }
}
