package dev.curlmulti.samples;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlRequest;
import dev.curlmulti.reactor.CurlResponse;
import dev.curlmulti.reactor.DownloadResult;
import dev.curlmulti.reactor.RequestBody;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * The README's {@code CurlClient} examples, runnable: a GET as a string, a streamed body consumed
 * with backpressure, a POST, per-phase timings and a download to a file, against a built-in
 * server on loopback.
 *
 * <pre>bin/sample ClientTour</pre>
 */
public final class ClientTour {
    private ClientTour() {}

    public static void main(String[] args) throws Exception {
        try (LocalFileServer server = new LocalFileServer()) {
            run(server, System.out);
        }
    }

    static void run(LocalFileServer server, PrintStream out) throws Exception {
        try (CurlClient client = CurlClient.builder()
                .followRedirects(5)
                .compression(true)
                .connectTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(30))
                .build()) {

            // 1. A GET as a String.
            String small = client.get(server.url(64))
                    .flatMap(CurlResponse::bodyAsString)
                    .block();
            out.println("1. GET: " + small.length() + " characters");

            // 2. A body streamed with backpressure: 4 buffers in flight at most, never all in memory.
            long streamed = client.get(server.url(8 << 20))
                    .flatMapMany(CurlResponse::body)
                    .limitRate(4)
                    .map(ByteBuffer::remaining)
                    .reduce(0L, Long::sum)
                    .block();
            out.println("2. streamed body: " + streamed + " bytes");

            // 3. A POST; the status is a value, not an exception (use retrieve() for that).
            CurlResponse posted = client.request(
                            CurlRequest.post(server.url(16), RequestBody.ofString("{\"hello\":1}")))
                    .block();
            out.println("3. POST answered " + posted.status() + " over " + posted.httpVersion());
            posted.discardBody();

            // 4. Per-phase timings from libcurl.
            CurlResponse timed = client.get(server.url(1024)).block();
            timed.bodyAsBytes().block();
            out.println("4. timings (µs): " + timed.timings().block());

            // 5. A download to a file (no heap copy; .part file renamed on success; SHA-256 on the way).
            Path target = Files.createTempDirectory("tour").resolve("file.bin");
            DownloadResult download =
                    client.download(server.url(1 << 20), target).block();
            out.println("5. downloaded " + download.bytes() + " bytes to " + download.path() + " sha256="
                    + download.sha256());

            // 6. Many requests, 8 at a time.
            long total = Flux.range(0, 32)
                    .flatMap(i -> client.get(server.url(1000 + i)).flatMap(CurlResponse::bodyAsBytes), 8)
                    .map(bytes -> (long) bytes.length)
                    .reduce(0L, Long::sum)
                    .block();
            out.println("6. 32 requests, " + total + " bytes");
            Files.deleteIfExists(target);
            Files.deleteIfExists(target.getParent());
        }
    }
}
