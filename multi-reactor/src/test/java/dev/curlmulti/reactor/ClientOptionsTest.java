package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlProtocolException;
import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.testing.Compressed;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawServer;
import dev.curlmulti.core.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import okhttp3.Protocol;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Each client setting, mapped to libcurl, against a real server. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class ClientOptionsTest {
    private final TestServer server = new TestServer();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
        server.close();
    }

    private CurlClient client(CurlClient.Builder builder) {
        CurlClient client = builder.build();
        closeAfter.add(0, client);
        return client;
    }

    private MockWebServer mock(Dispatcher dispatcher) throws IOException {
        MockWebServer mock = new MockWebServer();
        mock.setDispatcher(dispatcher);
        mock.start(InetAddress.getLoopbackAddress(), 0);
        closeAfter.add(mock::shutdown);
        return mock;
    }

    private static String text(CurlClient client, String url) {
        return client.get(url).flatMap(CurlResponse::bodyAsString).block(Duration.ofSeconds(20));
    }

    // ------------------------------------------------------------------------ timeouts

    @Test
    void theConnectTimeoutCoversATlsHandshakeThatNeverEnds() throws Exception {
        try (RawServer silent = new RawServer(RawServer.SILENT)) {
            CurlClient client = client(CurlClient.builder().connectTimeout(Duration.ofMillis(300)));
            long start = System.nanoTime();
            StepVerifier.create(client.get("https://127.0.0.1:" + silent.port() + "/"))
                    .expectError(CurlTimeoutException.class)
                    .verify(Duration.ofSeconds(10));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
        }
    }

    @Test
    void theResponseTimeoutLimitsTheWaitForTheHead() throws Exception {
        MockWebServer slow = mock(dispatcher(r -> new MockResponse().setHeadersDelay(3, TimeUnit.SECONDS)));
        CurlClient client = client(CurlClient.builder().responseTimeout(Duration.ofMillis(300)));
        StepVerifier.create(client.get(slow.url("/").toString()))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(CurlTimeoutException.class)
                        .hasMessageContaining("no response head within 300 ms"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void theTotalTimeoutLimitsTheWholeTransfer() {
        CurlClient client = client(CurlClient.builder().totalTimeout(Duration.ofMillis(400)));
        StepVerifier.create(client.get(server.url("/slow/100000")).flatMap(CurlResponse::bodyAsBytes))
                .expectError(CurlTimeoutException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void theIdleTimeoutFiresWhenTheServerStallsButNotWhileTheConsumerHoldsThePause() throws Exception {
        MockWebServer stalling =
                mock(dispatcher(r -> new MockResponse().setBody("late body").setBodyDelay(3, TimeUnit.SECONDS)));
        CurlClient client = client(CurlClient.builder().idleTimeout(Duration.ofMillis(300)));
        StepVerifier.create(client.get(stalling.url("/").toString()).flatMap(CurlResponse::bodyAsBytes))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(CurlTimeoutException.class)
                        .hasMessageContaining("no data received or sent for 300 ms"))
                .verify(Duration.ofSeconds(10));

        // A consumer that takes its time: the transfer is paused on its behalf for over a second.
        CurlResponse response = client.get(server.url("/bytes/3000000")).block(Duration.ofSeconds(10));
        StepVerifier.create(response.body().map(ByteBuffer::remaining), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1200))
                .thenRequest(Long.MAX_VALUE)
                .thenConsumeWhile(n -> true)
                .verifyComplete();
    }

    // ------------------------------------------------------------------------ redirects

    @Test
    void redirectsAreOffByDefaultAndBoundedWhenOn() {
        CurlClient plain = client(CurlClient.builder());
        CurlResponse redirect = plain.get(server.url("/redirect/1/bytes/10")).block();
        assertThat(redirect.status()).isEqualTo(302);
        redirect.discardBody();

        CurlClient following = client(CurlClient.builder().followRedirects(3));
        assertThat(following
                        .get(server.url("/redirect/3/bytes/10"))
                        .flatMap(CurlResponse::bodyAsBytes)
                        .block())
                .hasSize(10);
        StepVerifier.create(following.get(server.url("/redirect/4/bytes/10")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(CurlProtocolException.class);
                    assertThat(((CurlException) e).codeName()).isEqualTo("CURLE_TOO_MANY_REDIRECTS");
                })
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void onlyHttpAndHttpsAreAllowedAlsoThroughRedirects() throws Exception {
        MockWebServer toFile = mock(
                dispatcher(r -> new MockResponse().setResponseCode(302).addHeader("Location", "file:///etc/passwd")));
        CurlClient client = client(CurlClient.builder().followRedirects(5));
        StepVerifier.create(client.get(toFile.url("/").toString()))
                .expectErrorSatisfies(
                        e -> assertThat(((CurlException) e).codeName()).isEqualTo("CURLE_UNSUPPORTED_PROTOCOL"))
                .verify(Duration.ofSeconds(10));
        for (String url : new String[] {"file:///etc/passwd", "dict://127.0.0.1:1/x", "gopher://127.0.0.1:1/x"}) {
            StepVerifier.create(client.get(url))
                    .expectError(CurlProtocolException.class)
                    .verify(Duration.ofSeconds(10));
        }
    }

    // ------------------------------------------------------------------- compression

    @Test
    void gzipBrotliAndZstdBodiesAreDecodedAndTheHeadDescribesTheDecodedBody() throws Exception {
        byte[] original = ("compressible text " + "abc".repeat(20000)).getBytes(StandardCharsets.UTF_8);
        List<String> acceptEncodings = new ArrayList<>();
        MockWebServer encoded = mock(encodingServer(original, acceptEncodings));
        CurlClient client = client(CurlClient.builder().compression(true));
        for (String encoding : new String[] {"gzip", "br", "zstd"}) {
            CurlResponse response =
                    client.get(encoded.url("/" + encoding).toString()).block();
            byte[] decoded = response.bodyAsBytes().block();
            assertThat(decoded).as(encoding).isEqualTo(original);
            // libcurl decoded the body: the encoding and the encoded length no longer describe it
            assertThat(response.headers().contains("Content-Encoding"))
                    .as(encoding)
                    .isFalse();
            assertThat(response.headers().contains("Content-Length"))
                    .as(encoding)
                    .isFalse();
            assertThat(response.headers().first("X-Encoded-With")).isEqualTo(encoding);
        }
        assertThat(acceptEncodings.get(0)).contains("gzip", "br", "zstd");
    }

    @Test
    void aBodyLibcurlDoesNotDecodeKeepsItsEncodedHead() throws Exception {
        byte[] original = ("compressible text " + "abc".repeat(20000)).getBytes(StandardCharsets.UTF_8);
        byte[] gzip = Compressed.encode("gzip", original);
        MockWebServer encoded = mock(encodingServer(original, new ArrayList<>()));
        // compression off: the caller gets the encoded bytes, so the head stays as sent
        CurlResponse raw = client(CurlClient.builder())
                .get(encoded.url("/gzip").toString())
                .block();
        assertThat(raw.bodyAsBytes().block()).isEqualTo(gzip);
        assertThat(raw.headers().first("Content-Encoding")).isEqualTo("gzip");
        assertThat(raw.headers().first("Content-Length")).isEqualTo(String.valueOf(gzip.length));
        // a HEAD has no body to decode: its head still says how the GET would come
        CurlClient decoding = client(CurlClient.builder().compression(true));
        CurlResponse head = decoding.request(
                        CurlRequest.builder(encoded.url("/gzip").toString())
                                .method("HEAD")
                                .build())
                .block();
        head.discardBody();
        assertThat(head.headers().first("Content-Encoding")).isEqualTo("gzip");
        assertThat(head.headers().first("Content-Length")).isEqualTo(String.valueOf(gzip.length));
    }

    /** Serves {@code original} encoded as the path says ({@code /gzip}, {@code /br}, {@code /zstd}). */
    private static Dispatcher encodingServer(byte[] original, List<String> acceptEncodings) {
        java.util.Map<String, byte[]> bodies = new java.util.HashMap<>();
        for (String encoding : new String[] {"gzip", "br", "zstd"}) {
            bodies.put(encoding, Compressed.encode(encoding, original));
        }
        return dispatcher(r -> {
            acceptEncodings.add(r.getHeader("Accept-Encoding"));
            String encoding = r.getRequestUrl().encodedPath().substring(1);
            byte[] body = bodies.get(encoding);
            MockResponse response =
                    new MockResponse().addHeader("Content-Encoding", encoding).addHeader("X-Encoded-With", encoding);
            if ("HEAD".equals(r.getMethod())) {
                return response.setHeader("Content-Length", body.length);
            }
            return response.setBody(new Buffer().write(body));
        });
    }

    @Test
    void aDecompressionBombIsStoppedAtTheLimit() throws Exception {
        // 512 MiB of zeros in about half a megabyte of gzip.
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 512; i++) {
                gzip.write(zeros);
            }
        }
        byte[] compressed = bomb.toByteArray();
        MockWebServer bomber = mock(dispatcher(
                r -> new MockResponse().addHeader("Content-Encoding", "gzip").setBody(new Buffer().write(compressed))));
        CurlClient client = client(CurlClient.builder().compression(true).maxResponseSize(10L << 20));
        long[] received = {0};
        StepVerifier.create(client.get(bomber.url("/").toString())
                        .flatMapMany(CurlResponse::body)
                        .doOnNext(b -> received[0] += b.remaining()))
                .thenConsumeWhile(b -> true)
                .expectError(CurlTooLargeException.class)
                .verify(Duration.ofSeconds(20));
        assertThat(received[0]).isLessThanOrEqualTo(10L << 20);
        assertThat(compressed.length).isLessThan(1 << 20);
    }

    // -------------------------------------------------------------- cookies, auth, headers

    @Test
    void aCookieJarIsSharedByTheClientsRequests() {
        CurlClient withJar = client(CurlClient.builder().cookies(true));
        text(withJar, server.url("/set-cookie"));
        assertThat(text(withJar, server.url("/cookie"))).isEqualTo("flavour=oat");

        CurlClient withoutJar = client(CurlClient.builder());
        text(withoutJar, server.url("/set-cookie"));
        assertThat(text(withoutJar, server.url("/cookie"))).isEmpty();
    }

    @Test
    void basicAndBearerCredentialsAreSent() throws Exception {
        List<String> authorizations = new ArrayList<>();
        MockWebServer auth = mock(dispatcher(r -> {
            authorizations.add(r.getHeader("Authorization"));
            return new MockResponse().setBody("ok");
        }));
        text(
                client(CurlClient.builder().basicAuth("user", "pa:ss")),
                auth.url("/").toString());
        text(client(CurlClient.builder().bearerToken("tok-123")), auth.url("/").toString());
        assertThat(authorizations)
                .containsExactly(
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString("user:pa:ss".getBytes(StandardCharsets.UTF_8)),
                        "Bearer tok-123");
    }

    @Test
    void digestAuthAnswersTheChallengeAndOnlyTheFinalResponseIsEmitted() throws Exception {
        MockWebServer digest = mock(new DigestServer("user", "secret"));
        CurlClient client = client(CurlClient.builder().digestAuth("user", "secret"));
        CurlResponse response = client.get(digest.url("/protected").toString()).block(Duration.ofSeconds(10));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyAsString().block()).isEqualTo("welcome user");
        assertThat(digest.getRequestCount()).isEqualTo(2);

        CurlClient wrong = client(CurlClient.builder().digestAuth("user", "wrong"));
        CurlResponse refused = wrong.get(digest.url("/protected").toString()).block(Duration.ofSeconds(10));
        assertThat(refused.status()).isEqualTo(401);
        refused.discardBody();
    }

    @Test
    void credentialsAreNotForwardedToAnotherHostOnRedirect() throws Exception {
        List<String> seenByOther = new ArrayList<>();
        MockWebServer other = mock(dispatcher(r -> {
            seenByOther.add(String.valueOf(r.getHeader("Authorization")));
            return new MockResponse().setBody("other");
        }));
        MockWebServer first = mock(dispatcher(r -> new MockResponse()
                .setResponseCode(302)
                .addHeader("Location", "http://localhost:" + other.getPort() + "/landing")));
        CurlClient client = client(CurlClient.builder().followRedirects(3).basicAuth("user", "secret"));
        assertThat(text(client, first.url("/").toString())).isEqualTo("other");
        assertThat(first.takeRequest().getHeader("Authorization")).startsWith("Basic ");
        assertThat(seenByOther).containsExactly("null");
    }

    @Test
    void defaultHeadersUserAgentAndRawOptionsAreSentAndARequestHeaderWins() throws Exception {
        CurlClient client = client(CurlClient.builder()
                .defaultHeader("X-Team", "core")
                .defaultHeader("X-Env", "test")
                .userAgent("my-agent/1.0")
                .option(CurlOpt.REFERER, "http://referrer.test/"));
        client.request(CurlRequest.builder(server.url("/bytes/1"))
                        .header("X-Env", "prod")
                        .build())
                .flatMap(CurlResponse::bodyAsBytes)
                .block();
        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeader("X-Team")).isEqualTo("core");
        assertThat(request.getHeaders().values("X-Env")).containsExactly("prod");
        assertThat(request.getHeader("User-Agent")).isEqualTo("my-agent/1.0");
        assertThat(request.getHeader("Referer")).isEqualTo("http://referrer.test/");
    }

    @Test
    void dnsOverridesResolveANameWithoutDns() {
        CurlClient client = client(CurlClient.builder().resolve("service.internal.test", server.port(), "127.0.0.1"));
        assertThat(client.get("http://service.internal.test:" + server.port() + "/bytes/5")
                        .flatMap(CurlResponse::bodyAsBytes)
                        .block())
                .hasSize(5);
    }

    // ------------------------------------------------------------------ receive buffer

    @Test
    void theReceiveBufferSizeReachesLibcurl() {
        // libcurl hands the write callback at most min(buffer, 16 KiB) per call, so a small buffer
        // is what shows the setting arrived.
        String url = server.url("/bytes/" + (1 << 20));
        CurlClient standard = client(CurlClient.builder());
        CurlClient small = client(CurlClient.builder().receiveBufferSize(4096));
        CurlClient large = client(CurlClient.builder().receiveBufferSize(256 * 1024));
        // The late subscriber lets the server fill the socket buffers while the transfer is paused,
        // so each receive call after the resume can fill the whole buffer.
        assertThat(largestChunk(standard, url)).isEqualTo(16 * 1024);
        assertThat(largestChunk(small, url)).isEqualTo(4096);
        assertThat(largestChunk(large, url)).isEqualTo(16 * 1024);
    }

    @Test
    void aReceiveBufferOutsideLibcurlsLimitsIsRejected() {
        assertThatThrownBy(() -> CurlClient.builder().receiveBufferSize(512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1024 to 524288");
        assertThatThrownBy(() -> CurlClient.builder().receiveBufferSize(1 << 20))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int largestChunk(CurlClient client, String url) {
        Integer largest = client.get(url)
                .delayElement(Duration.ofMillis(300))
                .flatMapMany(CurlResponse::body)
                .map(ByteBuffer::remaining)
                .reduce(Math::max)
                .block(Duration.ofSeconds(30));
        assertThat(largest).isNotNull();
        return largest;
    }

    // ----------------------------------------------------------- loops and connections

    @Test
    void severalLoopsAndAPerHostConnectionLimitServeManyRequests() throws Exception {
        CurlClient client = client(CurlClient.builder().loops(3).maxConnectionsPerHost(1));
        List<byte[]> bodies = Flux.range(0, 30)
                .flatMap(
                        i -> client.get((i % 2 == 0 ? "http://127.0.0.1:" : "http://localhost:") + server.port()
                                        + "/slow/200")
                                .flatMap(CurlResponse::bodyAsBytes),
                        30)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(bodies).hasSize(30).allSatisfy(b -> assertThat(b).hasSize(200));
        int connections = 0;
        for (int i = 0; i < 30; i++) {
            if (server.takeRequest().getSequenceNumber() == 0) {
                connections++;
            }
        }
        // One connection per host name (two names), whatever the loop each landed on.
        assertThat(connections).isEqualTo(2);
    }

    @Test
    void http2WithPriorKnowledgeTalksH2OverCleartext() throws Exception {
        MockWebServer h2c = new MockWebServer();
        h2c.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
        h2c.enqueue(new MockResponse().setBody("h2c"));
        h2c.start(InetAddress.getLoopbackAddress(), 0);
        closeAfter.add(h2c::shutdown);
        CurlClient client = client(CurlClient.builder().httpVersion(HttpVersion.HTTP_2_PRIOR_KNOWLEDGE));
        CurlResponse response = client.get(h2c.url("/").toString()).block(Duration.ofSeconds(10));
        assertThat(response.httpVersion()).isEqualTo("HTTP/2");
        assertThat(response.bodyAsString().block()).isEqualTo("h2c");
    }

    @Test
    void aMutatedClientKeepsItsParentsSettingsAndSharesItsLoops() throws Exception {
        CurlClient parent = client(CurlClient.builder().userAgent("parent/1").defaultHeader("X-A", "1"));
        CurlClient child = client(parent.mutate().defaultHeader("X-B", "2"));
        text(child, server.url("/bytes/1"));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeader("User-Agent")).isEqualTo("parent/1");
        assertThat(request.getHeader("X-A")).isEqualTo("1");
        assertThat(request.getHeader("X-B")).isEqualTo("2");
        parent.dispose();
        // The loops are shared: the child still works after its parent is gone.
        assertThat(text(child, server.url("/bytes/2"))).hasSize(2);
    }

    // ------------------------------------------------------------------------ helpers

    private static Dispatcher dispatcher(java.util.function.Function<RecordedRequest, MockResponse> answer) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer.apply(request);
            }
        };
    }

    /** RFC 7616 digest (MD5, qop=auth) done properly, so libcurl's answer is really checked. */
    private static final class DigestServer extends Dispatcher {
        private final String user;
        private final String password;

        DigestServer(String user, String password) {
            this.user = user;
            this.password = password;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String authorization = request.getHeader("Authorization");
            if (authorization != null && authorization.startsWith("Digest ") && valid(request, authorization)) {
                return new MockResponse().setBody("welcome " + user);
            }
            return new MockResponse()
                    .setResponseCode(401)
                    .setBody("who are you?")
                    .addHeader(
                            "WWW-Authenticate", "Digest realm=\"test\", nonce=\"n0nc3\", qop=\"auth\", algorithm=MD5");
        }

        private boolean valid(RecordedRequest request, String header) {
            java.util.Map<String, String> fields = new java.util.HashMap<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+)=(\"([^\"]*)\"|([^,\\s]*))")
                    .matcher(header.substring(7));
            while (m.find()) {
                fields.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
            }
            String ha1 = md5(user + ":test:" + password);
            String ha2 = md5(request.getMethod() + ":" + fields.get("uri"));
            String expected = md5(ha1 + ":n0nc3:" + fields.get("nc") + ":" + fields.get("cnonce") + ":auth:" + ha2);
            return user.equals(fields.get("username")) && expected.equals(fields.get("response"));
        }

        private static String md5(String text) {
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @SuppressWarnings("unused")
    private static void unused(Socket socket) {}
}
