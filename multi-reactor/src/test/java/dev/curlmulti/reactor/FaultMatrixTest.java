package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlConnectException;
import dev.curlmulti.core.CurlDnsException;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlProtocolException;
import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.CurlTlsException;
import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.testing.BlackholedPort;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawHttp;
import dev.curlmulti.core.testing.RawServer;
import dev.curlmulti.core.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.Protocol;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The fault matrix: every way a peer, the network or a response can go wrong ends the faulty
 * transfer with its own typed {@link CurlException} (or, where the fault is survivable, with the
 * right result) within a bounded time, while healthy transfers on the same client, and so the
 * same libcurl multi handle and loop thread, finish whole.
 *
 * <p>Each test starts two healthy transfers before the faulty one (see {@link Healthy}): one held
 * paused in the middle of its body for the whole fault, so it is certainly alive in the multi
 * handle when the fault is handled, and one flowing freely beside it. After the fault both must
 * deliver exactly the bytes the server sent. {@link NoLeakedHandles} then checks that the fault
 * left no native handle or callback behind.
 *
 * <p>Every server is real and on loopback: {@link TestServer} / MockWebServer for well-behaved
 * (and TLS) peers, {@link RawServer} for raw HTTP/1.1 bytes and resets, {@link RawH2Server}
 * for hand-written HTTP/2 frames.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class FaultMatrixTest {
    /** Larger than the 256 KiB the exchange queues without demand, so the held transfer pauses mid-body. */
    private static final int HELD = 2_000_000;

    private static final int FLOWING = 200_000;
    /** Generous for a 2-core machine shared with other work, yet far below the class timeout. */
    private static final Duration FAULT_LIMIT = Duration.ofSeconds(10);

    private static final Duration HEALTHY_LIMIT = Duration.ofSeconds(20);

    private final TestServer healthyServer = new TestServer();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    /** How long the last faulty transfer took from subscription to its error. */
    private long lastFaultMillis;

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
        healthyServer.close();
    }

    // ------------------------------------------------------------------ connection set-up

    @Test
    void connectionRefusedIsAConnectError() {
        CurlClient client = client(CurlClient.builder());
        CurlException e = failsBesideHealthy(
                client, client.get("http://127.0.0.1:" + TestServer.closedPort() + "/"), CurlConnectException.class);
        assertThat(e.codeName()).isEqualTo("CURLE_COULDNT_CONNECT");
    }

    @Test
    void anUnknownHostIsADnsError() {
        CurlClient client = client(CurlClient.builder());
        CurlException e =
                failsBesideHealthy(client, client.get("http://no-such-host.invalid/"), CurlDnsException.class);
        assertThat(e.codeName()).isEqualTo("CURLE_COULDNT_RESOLVE_HOST");
    }

    @Test
    void aBlackholedListenerIsAConnectTimeout() throws Exception {
        BlackholedPort blackhole = new BlackholedPort();
        closeAfter.add(blackhole);
        CurlClient client = client(CurlClient.builder().connectTimeout(Duration.ofMillis(300)));
        CurlException e = failsBesideHealthy(client, client.get(blackhole.url()), CurlTimeoutException.class);
        assertThat(e.codeName()).isEqualTo("CURLE_OPERATION_TIMEDOUT");
        // 300 ms plus scheduling slack, far below the seconds a dropped SYN takes to be retried.
        assertThat(lastFaultMillis).isLessThan(3_000);
    }

    // ------------------------------------------------------------------ HTTP/1.1 resets and truncation

    @Test
    void aResetBeforeTheHeadFailsTheResponse() throws Exception {
        RawServer raw = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.reset(connection);
        });
        CurlClient client = client(CurlClient.builder());
        CurlException e = failsBesideHealthy(client, client.get(raw.url("/")), CurlException.class);
        // A reset is a receive error (56) or, if libcurl saw the close as an end, an empty reply (52).
        assertThat(e.codeName()).isIn("CURLE_RECV_ERROR", "CURLE_GOT_NOTHING");
    }

    @Test
    void aResetInTheMiddleOfTheHeadFailsTheResponse() throws Exception {
        RawServer raw = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Le");
            Thread.sleep(200); // let the partial head reach the client before the reset
            RawServer.reset(connection);
        });
        CurlClient client = client(CurlClient.builder());
        CurlException e = failsBesideHealthy(client, client.get(raw.url("/")), CurlException.class);
        assertThat(e.codeName()).isEqualTo("CURLE_RECV_ERROR");
    }

    @Test
    void aResetInTheMiddleOfTheBodyFailsTheBodyAfterTheResponse() throws Exception {
        RawServer raw = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n");
            connection.getOutputStream().write(new byte[100_000]);
            Thread.sleep(300); // the head and the first bytes are read before the reset
            RawServer.reset(connection);
        });
        CurlClient client = client(CurlClient.builder());
        AtomicReference<CurlResponse> head = new AtomicReference<>();
        CurlException e = failsBesideHealthy(client, body(client, raw.url("/"), head), CurlException.class);
        assertThat(head.get().status()).isEqualTo(200);
        assertThat(e.codeName()).isEqualTo("CURLE_RECV_ERROR");
    }

    @Test
    void aChunkedBodyWithoutItsLastChunkFailsTheBody() throws Exception {
        assertACutShortBodyFailsAsPartial(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "5\r\nhello\r\n" + "6\r\n world\r\n");
    }

    @Test
    void aContentLengthLongerThanTheBodyFailsTheBody() throws Exception {
        assertACutShortBodyFailsAsPartial("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(1000));
    }

    /** The server sends {@code response}, then a FIN, not a reset: the body just stops short. */
    private void assertACutShortBodyFailsAsPartial(String response) throws Exception {
        RawServer raw = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, response);
            RawServer.finish(connection);
        });
        CurlClient client = client(CurlClient.builder());
        AtomicReference<CurlResponse> head = new AtomicReference<>();
        CurlException e = failsBesideHealthy(client, body(client, raw.url("/"), head), CurlProtocolException.class);
        assertThat(head.get().status()).isEqualTo(200);
        assertThat(e.codeName()).isEqualTo("CURLE_PARTIAL_FILE");
    }

    @Test
    void aSlowServerBelowTheIdleLimitDeliversTheWholeBody() throws Exception {
        // Seven chunks 300 ms apart: 2.1 s in all, longer than the idle limit, but no gap near it.
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            chunks.add("chunk-" + i + ";");
        }
        RawServer raw = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (String chunk : chunks) {
                Thread.sleep(300);
                RawServer.send(connection, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            }
            RawServer.send(connection, "0\r\n\r\n");
            RawServer.finish(connection);
        });
        CurlClient client = client(CurlClient.builder().idleTimeout(Duration.ofSeconds(2)));
        Healthy healthy = new Healthy(client);
        String body =
                client.get(raw.url("/")).flatMap(CurlResponse::bodyAsString).block(FAULT_LIMIT);
        assertThat(body).isEqualTo(String.join("", chunks));
        healthy.assertIntact();
    }

    // ------------------------------------------------------------------ TLS

    @Test
    void aSelfSignedServerCertificateIsATlsError() throws Exception {
        Pki pki = new Pki();
        HeldCertificate selfSigned = new HeldCertificate.Builder()
                .commonName("localhost")
                .addSubjectAlternativeName("localhost")
                .build();
        String url = https(
                new HandshakeCertificates.Builder()
                        .heldCertificate(selfSigned)
                        .build()
                        .sslSocketFactory(),
                false);
        CurlClient client = client(CurlClient.builder().caFile(pki.caFile()));
        CurlException e = failsBesideHealthy(client, client.get(url), CurlTlsException.class);
        assertThat(e.codeName()).isEqualTo("CURLE_PEER_FAILED_VERIFICATION");
    }

    @Test
    void anExpiredServerCertificateIsATlsError() throws Exception {
        Pki pki = new Pki();
        long dayMillis = TimeUnit.DAYS.toMillis(1);
        long now = System.currentTimeMillis();
        HeldCertificate expired = new HeldCertificate.Builder()
                .commonName("localhost")
                .addSubjectAlternativeName("localhost")
                .validityInterval(now - 30 * dayMillis, now - dayMillis)
                .signedBy(pki.authority)
                .build();
        String url = https(
                new HandshakeCertificates.Builder()
                        .heldCertificate(expired, pki.authority.certificate())
                        .build()
                        .sslSocketFactory(),
                false);
        CurlClient client = client(CurlClient.builder().caFile(pki.caFile()));
        CurlException e = failsBesideHealthy(client, client.get(url), CurlTlsException.class);
        assertThat(e.codeName()).isEqualTo("CURLE_PEER_FAILED_VERIFICATION");
        assertThat(e.errorText()).containsIgnoringCase("expired");
    }

    @Test
    void aCertificateForAnotherHostNameIsATlsError() throws Exception {
        Pki pki = new Pki();
        String url = https(pki.serverHandshake().sslSocketFactory(), false);
        int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1"));
        CurlClient client =
                client(CurlClient.builder().caFile(pki.caFile()).resolve("wrong-name.test", port, "127.0.0.1"));
        CurlException e = failsBesideHealthy(
                client, client.get(url.replace("localhost", "wrong-name.test")), CurlTlsException.class);
        assertThat(e.codeName()).isEqualTo("CURLE_PEER_FAILED_VERIFICATION");
    }

    @Test
    void aRequiredClientCertificateThatIsMissingIsATlsError() throws Exception {
        // TLS 1.3 (what libcurl and the JDK server agree on): the client finishes its handshake before
        // the server checks for a certificate, so the refusal arrives as an alert on the first read.
        Pki pki = new Pki();
        String url = https(pki.serverHandshakeTrustingClients().sslSocketFactory(), true);
        CurlClient client = client(CurlClient.builder().caFile(pki.caFile()));
        // The server sends its alert and closes at once; when the close overtakes the alert (seen on
        // a loaded machine), libcurl meets only a dropped connection and says so (55 or 56).
        CurlException e = failsBesideHealthy(client, client.get(url), CurlException.class);
        if (e instanceof CurlTlsException) {
            assertThat(e.errorText()).containsIgnoringCase("certificate");
        } else {
            assertThat(e.codeName()).isIn("CURLE_SEND_ERROR", "CURLE_RECV_ERROR");
        }
    }

    @Test
    void aRequiredClientCertificateThatIsMissingOnTls12IsATlsError() throws Exception {
        // TLS 1.2: the server asks for the certificate inside the handshake, so the handshake fails.
        // (Which alert the server sends differs by JDK: bad_certificate on 17, handshake_failure on 25.)
        Pki pki = new Pki();
        String url = https(
                new TlsVersionLimitedSocketFactory(
                        pki.serverHandshakeTrustingClients().sslSocketFactory(), "TLSv1.2"),
                true);
        CurlClient client = client(CurlClient.builder().caFile(pki.caFile()));
        CurlException e = failsBesideHealthy(client, client.get(url), CurlTlsException.class);
        assertThat(e.codeName()).isEqualTo("CURLE_SSL_CONNECT_ERROR");
    }

    // ------------------------------------------------------------------ redirects

    @Test
    void aRedirectLoopEndsAtTheRedirectLimit() throws Exception {
        MockWebServer loop = mock(request -> new MockResponse()
                .setResponseCode(302)
                .addHeader("Location", request.getPath().equals("/a") ? "/b" : "/a"));
        CurlClient client = client(CurlClient.builder().followRedirects(5));
        CurlException e =
                failsBesideHealthy(client, client.get(loop.url("/a").toString()), CurlProtocolException.class);
        assertThat(e.codeName()).isEqualTo("CURLE_TOO_MANY_REDIRECTS");
        assertThat(loop.getRequestCount())
                .as("the first request and 5 redirects")
                .isEqualTo(6);
    }

    @Test
    void aRedirectChainLongerThanTheLimitIsRefused() {
        CurlClient client = client(CurlClient.builder().followRedirects(3));
        CurlException e = failsBesideHealthy(
                client, client.get(healthyServer.url("/redirect/4/bytes/10")), CurlProtocolException.class);
        assertThat(e.codeName()).isEqualTo("CURLE_TOO_MANY_REDIRECTS");
    }

    // ------------------------------------------------------------------ abusive heads

    @Test
    void aThousandInterimResponsesAreSkippedAndTheFinalOneIsDelivered() throws Exception {
        byte[] payload = TestServer.body(10_000, 3);
        RawServer raw = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(
                    connection,
                    "HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n".repeat(1000)
                            + "HTTP/1.1 200 OK\r\nContent-Length: " + payload.length + "\r\nX-Final: yes\r\n\r\n");
            connection.getOutputStream().write(payload);
            RawServer.finish(connection);
        });
        CurlClient client = client(CurlClient.builder());
        Healthy healthy = new Healthy(client);
        CurlResponse response = client.get(raw.url("/")).block(FAULT_LIMIT);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().first("X-Final")).isEqualTo("yes");
        // The interim heads' fields belong to them, not to the final response.
        assertThat(response.headers().first("Link")).isNull();
        assertSameBytes(response.bodyAsBytes().block(FAULT_LIMIT), payload);
        healthy.assertIntact();
    }

    @Test
    void aMebibyteOfResponseHeadersIsATooLargeError() throws Exception {
        // 1,024 fields of just over 1 KiB each, every line far below libcurl's 100 KiB per-line limit.
        // Debian's libcurl 7.88.1 (-10+deb12u15) carries the 8.3 fix for CVE-2023-38039 and refuses a
        // head over 300 KiB in all; the client should say so with its "too large" type.
        int fields = 1024;
        String filler = "v".repeat(1024);
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
        for (int i = 0; i < fields; i++) {
            head.append("X-Fill-").append(i).append(": ").append(filler).append("\r\n");
        }
        String response = head.append("\r\nok").toString();
        assertThat(response.length()).isGreaterThan(1 << 20);
        RawServer raw = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, response);
            RawServer.finish(connection);
        });
        CurlClient client = client(CurlClient.builder());
        CurlException e = failsBesideHealthy(client, client.get(raw.url("/")), CurlTooLargeException.class);
        assertThat(e.errorText()).startsWith("Too large response headers");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {150, 200, 1024})
    void oneHeaderLineOverLibcurlsPerLineLimitIsATooLargeError(int kib) throws Exception {
        // libcurl keeps a response header line in a buffer of at most 100 KiB; 7.88 fails a longer
        // one with CURLE_OUT_OF_MEMORY (27), 8.x with CURLE_TOO_LARGE (100). Either way the head was
        // too large, and the client must say so with its "too large" type.
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Huge: " + "h".repeat(kib * 1024) + "\r\n\r\nok";
        RawServer raw = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, response);
            RawServer.finish(connection);
        });
        CurlClient client = client(CurlClient.builder());
        CurlException e = failsBesideHealthy(client, client.get(raw.url("/")), CurlTooLargeException.class);
        assertThat(e.getMessage()).contains("header");
        assertThat(RetryPolicy.defaults().retriesError(e)).isFalse();
    }

    // ------------------------------------------------------------------ size limits

    @Test
    void aDecompressionBombIsStoppedAtTheSizeLimit() throws Exception {
        byte[] bomb = TestBodies.gzipOfZeros(64);
        MockWebServer bomber = mock(request ->
                new MockResponse().addHeader("Content-Encoding", "gzip").setBody(new Buffer().write(bomb)));
        CurlClient client = client(CurlClient.builder().compression(true).maxResponseSize(4L << 20));
        AtomicReference<CurlResponse> head = new AtomicReference<>();
        CurlException e =
                failsBesideHealthy(client, body(client, bomber.url("/").toString(), head), CurlTooLargeException.class);
        assertThat(head.get().status()).isEqualTo(200);
        assertThat(e.getMessage()).contains("(decoded)");
        assertThat(bomb.length).isLessThan(1 << 20);
    }

    @Test
    void aPlainBodyLargerThanTheSizeLimitIsStopped() {
        CurlClient client = client(CurlClient.builder().maxResponseSize(4L << 20));
        AtomicReference<CurlResponse> head = new AtomicReference<>();
        CurlException e = failsBesideHealthy(
                client, body(client, healthyServer.url("/bytes/8000000"), head), CurlTooLargeException.class);
        assertThat(head.get().status()).isEqualTo(200);
        assertThat(e.getMessage()).contains("exceeds the limit of " + (4L << 20));
    }

    // ------------------------------------------------------------------ HTTP/2 stream breaks

    @Test
    void anHttp2GoawayInTheMiddleOfTheBodyFailsTheBody() throws Exception {
        h2BreakFailsTheBody(RawH2Server.Ending.GOAWAY);
    }

    @Test
    void anHttp2RstStreamInTheMiddleOfTheBodyFailsTheBody() throws Exception {
        h2BreakFailsTheBody(RawH2Server.Ending.RST_STREAM);
    }

    private void h2BreakFailsTheBody(RawH2Server.Ending ending) throws Exception {
        RawH2Server h2 = new RawH2Server(ending, 3);
        closeAfter.add(h2);
        CurlClient client = client(CurlClient.builder().httpVersion(HttpVersion.HTTP_2_PRIOR_KNOWLEDGE));
        // Healthy h2c peers, one per transfer: libcurl 7.88 fails a second stream on a shared h2c connection.
        MockWebServer heldPeer = h2cBytesServer();
        MockWebServer flowingPeer = h2cBytesServer();
        Healthy healthy = new Healthy(
                client,
                path -> heldPeer.url(path).toString(),
                path -> flowingPeer.url(path).toString());
        AtomicReference<CurlResponse> head = new AtomicReference<>();
        AtomicInteger received = new AtomicInteger();
        Flux<ByteBuffer> faulty = body(client, h2.url("/"), head).doOnNext(b -> received.addAndGet(b.remaining()));
        // libcurl 7.88 reports the broken stream as an HTTP/2 error (CurlProtocolException); 8.14 reports
        // a GOAWAY mid-body as CURLE_RECV_ERROR (a plain, retryable CurlException; docs/libcurl.md).
        boolean eight = dev.curlmulti.core.CurlVersion.current().isAtLeast(8, 0, 0);
        Class<? extends CurlException> expected =
                eight && ending == RawH2Server.Ending.GOAWAY ? CurlException.class : CurlProtocolException.class;
        CurlException e = failsBesideHealthy(healthy, faulty, expected);
        assertThat(head.get().httpVersion()).isEqualTo("HTTP/2");
        assertThat(head.get().headers().first("x-fault"))
                .isEqualTo(ending.name().toLowerCase(java.util.Locale.ROOT));
        assertThat(received.get()).isLessThanOrEqualTo(3 * RawH2Server.FRAME);
        // libcurl 7.88 reports the connection-level GOAWAY as a framing error, the stream reset as a stream error.
        assertThat(e.codeName())
                .isEqualTo(
                        ending == RawH2Server.Ending.GOAWAY
                                ? (eight ? "CURLE_RECV_ERROR" : "CURLE_HTTP2")
                                : "CURLE_HTTP2_STREAM");
    }

    // ------------------------------------------------------------------ uploads

    @Test
    void anUploadTheServerNeverReadsTimesOut() throws Exception {
        RawServer deaf = raw(connection -> Thread.sleep(Long.MAX_VALUE));
        CurlClient client = client(CurlClient.builder().idleTimeout(Duration.ofSeconds(1)));
        AtomicInteger buffersTaken = new AtomicInteger();
        byte[] chunk = new byte[64 * 1024];
        Flux<ByteBuffer> upload =
                Flux.range(0, 1024).map(i -> ByteBuffer.wrap(chunk)).doOnNext(b -> buffersTaken.incrementAndGet());
        CurlRequest post = CurlRequest.builder(deaf.url("/upload"))
                .method("POST")
                .header("Expect", "") // no 100-continue wait: the body is sent at once and stalls on the full socket
                .body(RequestBody.ofPublisher(upload, 1024L * chunk.length))
                .build();
        CurlException e = failsBesideHealthy(client, client.request(post), CurlTimeoutException.class);
        assertThat(e.getMessage()).contains("no data received or sent for 1000 ms");
        assertThat(buffersTaken.get())
                .as("64 KiB buffers sent before the stall")
                .isBetween(1, 1023);
    }

    // ------------------------------------------------------------------ the shared checks

    /**
     * Two healthy transfers on the client under test: {@code held} has received its head and stays
     * paused mid-body (nobody subscribes until {@link #assertIntact}), {@code flowing} runs freely.
     */
    private final class Healthy {
        private final CurlResponse held;
        private final CompletableFuture<byte[]> flowing;

        Healthy(CurlClient client) {
            this(client, healthyServer::url, healthyServer::url);
        }

        Healthy(CurlClient client, Function<String, String> heldServer, Function<String, String> flowingServer) {
            held = client.get(heldServer.apply("/bytes/" + HELD)).block(FAULT_LIMIT);
            flowing = client.get(flowingServer.apply("/bytes/" + FLOWING))
                    .flatMap(CurlResponse::bodyAsBytes)
                    .toFuture();
        }

        /** Both deliver exactly the served bytes. */
        void assertIntact() {
            assertThat(held.status()).isEqualTo(200);
            assertSameBytes(held.bodyAsBytes().block(HEALTHY_LIMIT), TestServer.body(HELD));
            try {
                assertSameBytes(flowing.get(HEALTHY_LIMIT.toSeconds(), TimeUnit.SECONDS), TestServer.body(FLOWING));
            } catch (Exception e) {
                throw new AssertionError("the flowing healthy transfer failed", e);
            }
        }
    }

    private <E extends CurlException> E failsBesideHealthy(CurlClient client, Publisher<?> faulty, Class<E> type) {
        return failsBesideHealthy(new Healthy(client), faulty, type);
    }

    /**
     * {@code faulty} must end with an error within the limit; the healthy transfers must then be
     * intact (checked before the error's type, so a wrong type never hides damage to them); and the
     * error must be a {@code type}.
     */
    private <E extends CurlException> E failsBesideHealthy(Healthy healthy, Publisher<?> faulty, Class<E> type) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        long start = System.nanoTime();
        StepVerifier.create(faulty)
                .thenConsumeWhile(item -> true)
                .expectErrorSatisfies(error::set)
                .verify(FAULT_LIMIT);
        lastFaultMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("fault ended after %d ms with %s%n", lastFaultMillis, error.get());
        healthy.assertIntact();
        assertThat(error.get()).isInstanceOf(type);
        return type.cast(error.get());
    }

    /** The body of {@code url}, remembering the response the Mono emitted before it. */
    private static Flux<ByteBuffer> body(CurlClient client, String url, AtomicReference<CurlResponse> head) {
        return client.get(url).doOnNext(head::set).flatMapMany(CurlResponse::body);
    }

    private static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(actual).hasSize(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("first differing byte").isEqualTo(-1);
    }

    // ------------------------------------------------------------------ servers and fixtures

    private CurlClient client(CurlClient.Builder builder) {
        CurlClient client = builder.build();
        closeAfter.add(0, client); // clients close before the servers they talk to
        return client;
    }

    private RawServer raw(RawServer.Script script) throws IOException {
        RawServer server = new RawServer(script);
        closeAfter.add(server);
        return server;
    }

    private MockWebServer mock(Function<RecordedRequest, MockResponse> answer) throws IOException {
        MockWebServer server = LambdaMockServer.start(answer);
        closeAfter.add(server::shutdown);
        return server;
    }

    /** An h2c (prior knowledge) server answering {@code /bytes/N} like {@link TestServer}. */
    private MockWebServer h2cBytesServer() {
        try {
            MockWebServer server = new MockWebServer();
            server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    int length = Integer.parseInt(request.getPath().substring("/bytes/".length()));
                    return new MockResponse().setBody(new Buffer().write(TestServer.body(length)));
                }
            });
            server.start(InetAddress.getLoopbackAddress(), 0);
            closeAfter.add(server::shutdown);
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An HTTPS MockWebServer with {@code sockets}; returns its URL on {@code localhost}. */
    private String https(javax.net.ssl.SSLSocketFactory sockets, boolean requireClientCertificate) throws IOException {
        MockWebServer server = new MockWebServer();
        server.useHttps(sockets, false);
        if (requireClientCertificate) {
            server.requireClientAuth();
        }
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setBody("secret");
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        closeAfter.add(server::shutdown);
        return "https://localhost:" + server.getPort() + "/";
    }

    /** A test CA the client trusts (written as {@code ca.pem}), and a server certificate for localhost it signed. */
    private final class Pki {
        final HeldCertificate authority = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("fault matrix CA")
                .build();
        final HeldCertificate server = new HeldCertificate.Builder()
                .commonName("localhost")
                .addSubjectAlternativeName("localhost")
                .signedBy(authority)
                .build();

        Path caFile() throws IOException {
            return Files.writeString(dir.resolve("ca.pem"), authority.certificatePem());
        }

        HandshakeCertificates serverHandshake() {
            return new HandshakeCertificates.Builder()
                    .heldCertificate(server, authority.certificate())
                    .build();
        }

        HandshakeCertificates serverHandshakeTrustingClients() {
            return new HandshakeCertificates.Builder()
                    .heldCertificate(server, authority.certificate())
                    .addTrustedCertificate(authority.certificate())
                    .build();
        }
    }
}
