package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawServer;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server that sends its body as one-byte chunks while nobody reads it: libcurl hands over each
 * chunk on its own, so the body queue must count chunks, not only bytes, before it pauses the
 * transfer (a queue of 256 KiB of payload was 256 Ki buffer objects, about 20 MiB of heap).
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class TinyChunksTest {
    @Test
    void oneByteChunksNobodyReadsFillTheQueueByCountAndTheBodyIsWholeWhenRead() throws Exception {
        int chunks = 4_000_000; // 24 MB on the wire: more than the sockets' buffers hold
        AtomicLong sent = new AtomicLong();
        try (RawServer server = new RawServer(connection -> {
                    connection.getInputStream().read(new byte[4096]);
                    OutputStream out = connection.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] batch = "1\r\nx\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < chunks / 1000; i++) {
                        out.write(batch);
                        sent.addAndGet(1000);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                });
                CurlClient client = CurlClient.builder().loops(1).build()) {
            long before = heapAfterGc();
            CurlResponse response = client.get(server.url("/")).block(Duration.ofSeconds(10));
            long last = -1;
            while (sent.get() != last) { // until the paused transfer holds the server back
                last = sent.get();
                TimeUnit.MILLISECONDS.sleep(500);
            }
            long grown = heapAfterGc() - before;
            assertThat(sent.get()).as("chunks sent before the transfer paused").isLessThan(chunks);
            assertThat(grown).as("heap held by the queued chunks").isLessThan(4L << 20);
            long xs = response.body()
                    .map(TinyChunksTest::countXs)
                    .reduce(0L, Long::sum)
                    .block(Duration.ofSeconds(40));
            assertThat(xs).isEqualTo(chunks);
        }
    }

    private static long countXs(java.nio.ByteBuffer chunk) {
        long n = 0;
        while (chunk.hasRemaining()) {
            n += chunk.get() == 'x' ? 1 : 0;
        }
        return n;
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
