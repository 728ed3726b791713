package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.loop.TransferResult;
import dev.curlmulti.core.testing.Caddy;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * HTTP/3 against Debian's caddy on loopback (QUIC over UDP), with a libcurl built with HTTP/3:
 * bin/test runs this class with libcurl 8.14.1's GnuTLS flavour and {@code -Ddev.curlmulti.test.http3=required},
 * so there it fails rather than skips when HTTP/3 is missing. In the other runs (a libcurl without
 * HTTP/3) it is skipped; {@link Http3AvailabilityTest} checks the error those libcurls give.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class Http3Test {
    private static final int LARGE = 64 << 20;
    private static Caddy caddy;
    private static HttpServer backend;
    private static String largeSha256;

    @BeforeAll
    static void start() throws Exception {
        boolean has = CurlVersion.current().hasFeature("HTTP3");
        if ("required".equals(System.getProperty("dev.curlmulti.test.http3"))) {
            assertThat(has)
                    .as("this run must have a libcurl with HTTP/3: " + CurlVersion.current())
                    .isTrue();
        }
        assumeTrue(has, "the loaded libcurl has no HTTP/3");
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.setExecutor(Executors.newCachedThreadPool());
        backend.createContext("/dynamic/upload", exchange -> {
            MessageDigest digest = sha256();
            long length = 0;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] buffer = new byte[65536];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    digest.update(buffer, 0, n);
                    length += n;
                }
            }
            byte[] answer =
                    (length + " " + HexFormat.of().formatHex(digest.digest())).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        backend.createContext("/dynamic/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[16384];
                for (int i = 0; i < 10_000; i++) {
                    out.write(chunk);
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException e) {
                // the client or caddy went away
            }
        });
        backend.start();
        caddy = new Caddy(backend.getAddress().getPort(), true);
        byte[] large = new byte[LARGE];
        new Random(42).nextBytes(large);
        Files.write(caddy.www().resolve("large.bin"), large);
        Files.writeString(caddy.www().resolve("hello.txt"), "hello over QUIC");
        largeSha256 = HexFormat.of().formatHex(sha256().digest(large));
    }

    @AfterAll
    static void stop() {
        if (caddy != null) {
            caddy.close();
        }
        if (backend != null) {
            backend.stop(0);
        }
    }

    private static CurlClient.Builder http3(HttpVersion version) {
        return CurlClient.builder()
                .httpVersion(version)
                .caFile(caddy.rootCertificate())
                .loops(1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Mono<String> digestOf(Flux<ByteBuffer> body) {
        return body.reduce(sha256(), (digest, chunk) -> {
                    digest.update(chunk);
                    return digest;
                })
                .map(digest -> HexFormat.of().formatHex(digest.digest()));
    }

    @Test
    void aGetOverHttp3OnlyReportsHttp3() {
        try (CurlClient client = http3(HttpVersion.HTTP_3_ONLY).build()) {
            CurlResponse response = client.get(caddy.url("/hello.txt")).block(Duration.ofSeconds(20));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.httpVersion()).isEqualTo("HTTP/3");
            assertThat(response.bodyAsString().block(Duration.ofSeconds(10))).isEqualTo("hello over QUIC");
        }
    }

    @Test
    void aLargeBodyKeepsToTheConsumersPaceAndArrivesWhole() {
        try (CurlClient client = http3(HttpVersion.HTTP_3_ONLY).build()) {
            AtomicLong received = new AtomicLong();
            AtomicLong heldAt = new AtomicLong();
            AtomicLong afterHold = new AtomicLong();
            String digest = client.get(caddy.url("/large.bin"))
                    .flatMap(response -> {
                        assertThat(response.httpVersion()).isEqualTo("HTTP/3");
                        // No demand for 700 ms after the first MiB: the stream must wait, not pile up.
                        return digestOf(response.body()
                                .doOnNext(chunk -> received.addAndGet(chunk.remaining()))
                                .concatMap(
                                        chunk -> heldAt.get() == 0 && received.get() > (1 << 20)
                                                ? Mono.delay(Duration.ofMillis(700))
                                                        .doOnSubscribe(s -> heldAt.set(received.get()))
                                                        .doOnNext(tick -> afterHold.set(received.get()))
                                                        .thenReturn(chunk)
                                                : Mono.just(chunk),
                                        1));
                    })
                    .block(Duration.ofSeconds(60));
            assertThat(digest).isEqualTo(largeSha256);
            assertThat(received.get()).isEqualTo(LARGE);
            assertThat(heldAt.get()).as("the hold happened").isPositive();
            assertThat(afterHold.get() - heldAt.get())
                    .as("bytes that arrived while nobody asked")
                    .isLessThan(2L << 20);
        }
    }

    @Test
    void anUploadIsStreamedOverHttp3() {
        byte[] payload = new byte[8 << 20];
        new Random(7).nextBytes(payload);
        String expected = payload.length + " " + HexFormat.of().formatHex(sha256().digest(payload));
        try (CurlClient client = http3(HttpVersion.HTTP_3_ONLY).build()) {
            Flux<ByteBuffer> chunks =
                    Flux.range(0, payload.length / 65536).map(i -> ByteBuffer.wrap(payload, i * 65536, 65536));
            CurlResponse response = client.request(CurlRequest.builder(caddy.url("/dynamic/upload"))
                            .method("POST")
                            .body(RequestBody.ofPublisher(chunks, payload.length))
                            .build())
                    .block(Duration.ofSeconds(60));
            assertThat(response.httpVersion()).isEqualTo("HTTP/3");
            assertThat(response.bodyAsString().block(Duration.ofSeconds(30))).isEqualTo(expected);
        }
    }

    @Test
    void aHundredConcurrentStreamsShareOneConnection() {
        try (CurlClient client =
                http3(HttpVersion.HTTP_3_ONLY).maxConnectionsPerHost(1).build()) {
            client.get(caddy.url("/hello.txt"))
                    .flatMap(CurlResponse::bodyAsString)
                    .block(Duration.ofSeconds(20));
            List<TransferResult> results = Flux.range(0, 100)
                    .flatMap(
                            i -> client.get(caddy.url("/hello.txt"))
                                    .flatMap(r -> r.bodyAsString().then(r.result())),
                            100)
                    .collectList()
                    .block(Duration.ofSeconds(60));
            assertThat(results)
                    .hasSize(100)
                    .allSatisfy(r -> assertThat(r.responseCode()).isEqualTo(200));
            assertThat(results.stream().mapToInt(TransferResult::newConnections).sum())
                    .as("new connections among the 100 (the first request opened the one they share)")
                    .isZero();
        }
    }

    @Test
    void cancellingMidBodyEndsThatStreamAndTheClientGoesOn() {
        try (CurlClient client = http3(HttpVersion.HTTP_3_ONLY).build()) {
            Long taken = client.get(caddy.url("/large.bin"))
                    .flatMapMany(CurlResponse::body)
                    .take(5)
                    .map(ByteBuffer::remaining)
                    .map(Integer::longValue)
                    .reduce(0L, Long::sum)
                    .block(Duration.ofSeconds(20));
            assertThat(taken).isPositive().isLessThan((long) LARGE);
            assertThat(client.get(caddy.url("/hello.txt"))
                            .flatMap(CurlResponse::bodyAsString)
                            .block(Duration.ofSeconds(20)))
                    .isEqualTo("hello over QUIC");
        }
    }

    @Test
    void whenTheServerDiesMidBodyTheBodyFailsTyped() throws Exception {
        try (Caddy doomed = new Caddy(backend.getAddress().getPort(), true);
                CurlClient client = CurlClient.builder()
                        .httpVersion(HttpVersion.HTTP_3_ONLY)
                        .caFile(doomed.rootCertificate())
                        .idleTimeout(Duration.ofSeconds(3))
                        .build()) {
            AtomicLong received = new AtomicLong();
            Mono<Long> body = client.get(doomed.url("/dynamic/trickle"))
                    .flatMapMany(CurlResponse::body)
                    .doOnNext(chunk -> {
                        if (received.addAndGet(chunk.remaining()) > 100_000
                                && received.get() - chunk.remaining() <= 100_000) {
                            doomed.kill();
                        }
                    })
                    .count();
            Throwable error = null;
            try {
                body.block(Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                error = reactor.core.Exceptions.unwrap(e);
            }
            assertThat(error).as("received " + received.get()).isInstanceOf(CurlException.class);
        }
    }

    @Test
    void http3FallsBackToTcpWhenTheServerHasNoQuicAndHttp3OnlyFailsTyped() {
        try (Caddy tcpOnly = new Caddy(0, false)) {
            Files.writeString(tcpOnly.www().resolve("hello.txt"), "hello over TCP");
            try (CurlClient client = CurlClient.builder()
                    .httpVersion(HttpVersion.HTTP_3)
                    .caFile(tcpOnly.rootCertificate())
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()) {
                CurlResponse response = client.get(tcpOnly.url("/hello.txt")).block(Duration.ofSeconds(30));
                assertThat(response.httpVersion()).isIn("HTTP/2", "HTTP/1.1");
                assertThat(response.bodyAsString().block(Duration.ofSeconds(10)))
                        .isEqualTo("hello over TCP");
            }
            try (CurlClient client = CurlClient.builder()
                    .httpVersion(HttpVersion.HTTP_3_ONLY)
                    .caFile(tcpOnly.rootCertificate())
                    .connectTimeout(Duration.ofSeconds(3))
                    .build()) {
                Throwable error = null;
                try {
                    client.get(tcpOnly.url("/hello.txt")).block(Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                    error = reactor.core.Exceptions.unwrap(e);
                }
                assertThat(error).isInstanceOf(CurlException.class);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
