package dev.curlmulti.samples.examples;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import dev.curlmulti.samples.LocalFileServer;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A reactive pipeline: 64 URLs, 8 in flight, each body hashed as it streams (never held whole).
 * {@code Flux.fromIterable(urls).flatMap(url -> ..., 8)}.
 */
public final class PipelineExample {
    private PipelineExample() {}

    public static void main(String[] args) {
        try (LocalFileServer server = new LocalFileServer()) {
            run(
                    java.util.stream.IntStream.range(0, 64)
                            .mapToObj(i -> server.url(1000 + i * 997))
                            .toList(),
                    System.out);
        }
    }

    public static Map<String, String> run(List<String> urls, PrintStream out) {
        try (CurlClient client = CurlClient.create()) {
            Map<String, String> digests = Flux.fromIterable(urls)
                    .flatMap(
                            url -> client.get(url)
                                    .flatMapMany(CurlResponse::body)
                                    .reduce(sha256(), (digest, buffer) -> {
                                        digest.update(buffer);
                                        return digest;
                                    })
                                    .map(digest -> Map.entry(url, HexFormat.of().formatHex(digest.digest()))),
                            8)
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                    .block(Duration.ofSeconds(60));
            out.println("hashed " + digests.size() + " bodies, 8 at a time, without buffering any whole");
            return digests;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused")
    private static Mono<Void> unused() {
        return Mono.empty();
    }
}
