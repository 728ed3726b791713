package dev.curlmulti.samples.examples;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlRequest;
import dev.curlmulti.reactor.CurlResponse;
import dev.curlmulti.reactor.RequestBody;
import dev.curlmulti.samples.LocalFileServer;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * Uploads 32 MiB produced on the fly, of unknown length (sent chunked): libcurl pulls buffers as
 * it can send them, and the producer is never asked for more than a few at a time.
 */
public final class StreamingUploadExample {
    private StreamingUploadExample() {}

    public static void main(String[] args) {
        try (LocalFileServer server = new LocalFileServer()) {
            run(server.uploadUrl(), System.out);
        }
    }

    public static String run(String uploadUrl, PrintStream out) {
        Flux<ByteBuffer> produced = Flux.range(0, 512).map(i -> {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) (int) i);
            return ByteBuffer.wrap(chunk);
        });
        try (CurlClient client = CurlClient.create()) {
            String answer = client.request(CurlRequest.builder(uploadUrl)
                            .method("POST")
                            .header("Content-Type", "application/octet-stream")
                            .body(RequestBody.ofPublisher(produced, -1))
                            .build())
                    .flatMap(CurlResponse::bodyAsString)
                    .block(Duration.ofSeconds(60));
            out.println("server received: " + answer);
            return answer;
        }
    }
}
