package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based tests of what the client does with hostile or nonsensical input: header names
 * and values, URLs, methods and builder settings drawn from generators that favour CR, LF, NUL,
 * other control characters, spaces, colons, non-ASCII text, empty strings and out-of-range
 * numbers, sent with real libcurl to a {@link RecordingRawServer} that keeps the exact bytes.
 *
 * <p><b>Contract checked:</b> every input is either refused up front (an
 * {@link IllegalArgumentException}, or {@link NullPointerException} for a builder setting) with
 * nothing sent, fails on the Mono with a {@link CurlException}, or produces a request whose bytes
 * are well formed: CR and LF only as the CRLF line terminators, no NUL, the header exactly once and
 * byte for byte as given, the request line {@code METHOD SP target SP HTTP/1.1}. Nothing may hang
 * (every wait is bounded) or fail with another exception type. No native handle may be left alive.
 *
 * <p>One client serves the request properties (building clients is not free); the builder property
 * builds one per try because the settings are what is under test.
 */
class BadInputPropertyTest {
    /** Upper bound for one exchange: well above the client's own timeouts, so reaching it means a hang. */
    private static final long EXCHANGE_SECONDS = 10;
    /** How long to wait for the server to record a request the client reported as answered. */
    private static final long RECORD_WAIT_MS = 2_000;
    /** Characters that have broken HTTP clients before, mixed into the generated text. */
    private static final String NASTY =
            "\r\n\0\t\u000b\u000c\u0001\u001b\u001f\u007f :;,\"\\/?#@%[]é€" + "\u0085\u2028\uFEFF\uD83D\uDE00";

    private static final Pattern REQUEST_LINE = Pattern.compile("([^ ]+) ([^ ]*) HTTP/1\\.1");
    private static final String TOKEN_CHARS =
            "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static RecordingRawServer server;
    private static CurlClient client;
    private static CurlClient viaProxy;

    @BeforeContainer
    static void start() throws Exception {
        server = new RecordingRawServer();
        // Short limits so a URL that points at a host nobody answers for ends quickly and typed.
        client = CurlClient.builder()
                .httpVersion(HttpVersion.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .totalTimeout(Duration.ofSeconds(8))
                .build();
        viaProxy = client.mutate().proxy(ProxyConfig.of(server.url(""))).build();
    }

    @AfterContainer
    static void stop() throws Exception {
        if (viaProxy != null) {
            viaProxy.dispose();
        }
        if (client != null) {
            client.dispose();
        }
        if (server != null) {
            server.close();
        }
        // The JUnit extension's check works without a context: every native handle must be freed.
        new NoLeakedHandles().afterEach(null);
    }

    // ------------------------------------------------------------------------ a. headers

    @Property(tries = 300)
    void aHeaderIsRefusedOrSentExactlyOnceAndVerbatim(
            @ForAll("headerNames") String name, @ForAll("headerValues") String value) throws Exception {
        int before = server.requestCount();
        CurlRequest request;
        try {
            request = CurlRequest.builder(server.url("/header"))
                    .header(name, value)
                    .build();
        } catch (IllegalArgumentException refused) {
            Statistics.label("header").collect("refused");
            assertThat(server.requestCount())
                    .as("requests after a refused header")
                    .isEqualTo(before);
            return;
        }
        Statistics.label("header").collect("sent");
        byte[] recorded = sendExpectingOk(request);
        assertCleanHead(recorded);
        // libcurl sends a "Name;" line (how an empty value is passed) as "Name:".
        String expected = wire(value.isEmpty() ? name + ":" : name + ": " + value);
        List<String> sameName = new ArrayList<>();
        for (String line : headerLines(recorded)) {
            if (fieldName(line).equalsIgnoreCase(name)) {
                sameName.add(line);
            }
        }
        if (name.equalsIgnoreCase("Connection") && CurlVersion.current().isAtLeast(8, 22, 0)) {
            // libcurl 8.22 writes the Connection line itself (lib/http.c, http_add_connection_hd): the
            // first non-empty one as "Connection: <value>", merged with its own options; an empty one
            // declares nothing and is left out.
            assertThat(sameName)
                    .as("Connection lines in %s", quote(latin1(recorded)))
                    .hasSize(value.isBlank() ? 0 : 1);
            if (!value.isBlank()) {
                assertThat(sameName.get(0)
                                .substring(sameName.get(0).indexOf(':') + 1)
                                .strip())
                        .isEqualTo(wire(value).strip());
            }
            return;
        }
        assertThat(sameName)
                .as("header lines named %s in %s", quote(name), quote(latin1(recorded)))
                .hasSize(1);
        assertThat(sameName.get(0)).as("the line on the wire").isEqualTo(hostSpelling(name, expected));
    }

    /**
     * libcurl 7.88 writes the Host line itself, as {@code "Host:" + the rest of the given line}: the
     * value stays byte for byte, only the name's spelling becomes "Host" (field names are
     * case-insensitive, RFC 9110 section 5.1). Every other name must keep the caller's spelling.
     */
    private static String hostSpelling(String name, String expectedLine) {
        return name.equalsIgnoreCase("Host") ? "Host" + expectedLine.substring(name.length()) : expectedLine;
    }

    @Provide
    Arbitrary<String> headerNames() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        5,
                        Arbitraries.strings()
                                .withChars(TOKEN_CHARS)
                                .ofMinLength(1)
                                .ofMaxLength(16)),
                // Names libcurl itself writes or treats specially (Content-Length and
                // Transfer-Encoding are left out: they announce a body a GET does not send).
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "Host",
                                "host",
                                "Accept",
                                "User-Agent",
                                "Connection",
                                "Cookie",
                                "Authorization",
                                "Expect",
                                "Range",
                                "Referer",
                                "Accept-Encoding",
                                "Content-Type")),
                Tuple.of(3, nastyText(0, 12)));
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, nastyText(0, 24)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(16)),
                Tuple.of(2, Arbitraries.strings().ascii().ofMaxLength(24)),
                // Values of nothing but whitespace: libcurl has its own rules for "blank" headers.
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withChars(" \t\u000b\u000c")
                                .ofMinLength(1)
                                .ofMaxLength(4)));
    }

    // ------------------------------------------------------------------------ b. URLs

    /**
     * Direct requests: the URLs keep to hosts that are this machine (or fail to parse, resolve or
     * connect), so a request that succeeds must have reached the recording server.
     */
    @Property(tries = 200)
    void aDirectUrlIsRefusedOrFailsTypedOrMakesAWellFormedRequestLine(@ForAll("loopbackUrls") String url)
            throws Exception {
        checkUrl(client, url, true);
    }

    /**
     * Any text as a URL, sent through the recording server as the proxy: whatever host the text
     * names, the request comes to the recorder (nothing leaves the machine, and the sandbox's
     * egress cannot answer in its place), in absolute form or as a CONNECT.
     */
    @Property(tries = 250)
    void anyUrlThroughAProxyIsRefusedOrFailsTypedOrMakesAWellFormedRequestLine(@ForAll("anyUrls") String url)
            throws Exception {
        checkUrl(viaProxy, url, false);
    }

    private static void checkUrl(CurlClient on, String url, boolean direct) throws Exception {
        int before = server.requestCount();
        CurlRequest request;
        try {
            request = CurlRequest.get(url);
        } catch (IllegalArgumentException refused) {
            Statistics.label("url").collect("refused");
            assertThat(server.requestCount()).as("requests after a refused URL").isEqualTo(before);
            return;
        }
        server.clear();
        Outcome outcome = exchange(on, request);
        if (outcome.error() != null) {
            Throwable error = outcome.error();
            Statistics.label("url")
                    .collect(
                            error instanceof CurlException curl
                                    ? error.getClass().getSimpleName() + " " + curl.codeName()
                                    : error.getClass().getSimpleName());
            if (!(error instanceof IllegalArgumentException || error instanceof CurlException)) {
                fail("URL " + quote(url) + " failed with an untyped " + error, error);
            }
            checkRecordedRequests(url, direct);
            return;
        }
        Statistics.label("url").collect("sent");
        assertThat(outcome.body()).as("response to %s", quote(url)).isEqualTo("200 ok");
        byte[] recorded = server.nextRequest(RECORD_WAIT_MS);
        assertThat(recorded)
                .as("request recorded for %s (success but our server saw nothing)", quote(url))
                .isNotNull();
        checkRequest(url, recorded, direct);
    }

    /** After a failure: whatever HTTP the client did send must still be well formed. */
    private static void checkRecordedRequests(String url, boolean direct) throws InterruptedException {
        byte[] recorded;
        while ((recorded = server.nextRequest(0)) != null) {
            if (recorded.length > 0 && recorded[0] != 0x16) {
                // a TLS ClientHello (0x16) is what an https URL sends; anything else is HTTP
                checkRequest(url, recorded, direct);
            }
        }
    }

    private static void checkRequest(String url, byte[] recorded, boolean direct) {
        assertCleanHead(recorded);
        boolean connect = latin1(recorded).startsWith("CONNECT ");
        String target = requestLine(recorded, connect ? "CONNECT" : "GET");
        if (direct) {
            assertThat(target).as("origin-form target for %s", quote(url)).startsWith("/");
        }
        for (char c : target.toCharArray()) {
            assertThat(c > ' ' && c != 0x7f)
                    .as("character %04x in target %s for %s", (int) c, quote(target), quote(url))
                    .isTrue();
        }
    }

    @Provide
    Arbitrary<String> loopbackUrls() {
        return mutatedUrls(
                false,
                Arbitraries.of(
                        "",
                        "localhost",
                        "127.1",
                        "2130706433",
                        "0x7f.0.0.1",
                        "[::1]",
                        "[::1",
                        "user@127.0.0.1",
                        "user:pw@127.0.0.1",
                        "@",
                        "127.0.0.1.",
                        "127.0.0.1%00",
                        "a b",
                        "[::ffff:127.0.0.1]"));
    }

    @Provide
    Arbitrary<String> anyUrls() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, nastyText(0, 40)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)),
                Tuple.of(
                        5,
                        mutatedUrls(
                                true,
                                Arbitraries.of(
                                        "",
                                        "localhost",
                                        "1",
                                        "example.com",
                                        "ünïcödé.example",
                                        "xn--nxasmq6b.example",
                                        "a..b",
                                        "-a-.example",
                                        "[::1]",
                                        "[fe80::1%25eth0]",
                                        "user:pw@example.com",
                                        "a b",
                                        "%41.example",
                                        "example.com:80@127.0.0.1",
                                        "x".repeat(300)))));
    }

    /**
     * A URL put together from odd and ordinary parts (mostly the recording server's own), with up
     * to three nasty characters inserted: anywhere, or only after the authority (so that an
     * inserted '#', '/' or '@' cannot move a direct request to a host outside this machine).
     */
    private static Arbitrary<String> mutatedUrls(boolean anywhere, Arbitrary<String> oddHosts) {
        int port = server.port();
        Arbitrary<String> scheme = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("http://")),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "HTTP://",
                                "https://",
                                "ftp://",
                                "file://",
                                "dict://",
                                "gopher://",
                                "ws://",
                                "",
                                "http:/",
                                "http:",
                                "http:///",
                                "ht tp://",
                                "hßttp://",
                                "javascript:",
                                "//")));
        Arbitrary<String> host =
                Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("127.0.0.1")), Tuple.of(3, oddHosts));
        Arbitrary<String> portPart = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(":" + port)),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "",
                                ":",
                                ":0",
                                ":65536",
                                ":99999",
                                ":4294967296",
                                ":18446744073709551617",
                                ":-1",
                                ":00000" + port,
                                ":" + port + "x",
                                ":+" + port)));
        Arbitrary<String> path = Arbitraries.of(
                "/",
                "/p?q=1",
                "",
                "/a/../b",
                "/%00",
                "/%0d%0aX:%20y",
                "#frag",
                "?x=1",
                "/ü/€",
                "/\uD83D\uDE00",
                "/a?b#c",
                "/%zz",
                "/" + "x".repeat(300));
        if (anywhere) {
            Arbitrary<String> url =
                    Combinators.combine(scheme, host, portPart, path).as((s, h, p, q) -> s + h + p + q);
            return Combinators.combine(url, insertions()).as(BadInputPropertyTest::insertAll);
        }
        Arbitrary<String> mutatedPath = Combinators.combine(path, insertions()).as(BadInputPropertyTest::insertAll);
        return Combinators.combine(scheme, host, portPart, mutatedPath).as((s, h, p, q) -> s + h + p + q);
    }

    /** Up to three (position, character) insertions, positions as fractions of the length. */
    private static Arbitrary<List<Tuple.Tuple2<Double, Character>>> insertions() {
        Arbitrary<Tuple.Tuple2<Double, Character>> one = Combinators.combine(
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.of(
                                '\r', '\n', '\0', ' ', '\t', '\u007f', 'é', '€', '%', '#', '?', '@', ':', '/', '\\',
                                '[', ']'))
                .as(Tuple::of);
        return one.list().ofMaxSize(3);
    }

    private static String insertAll(String url, List<Tuple.Tuple2<Double, Character>> insertions) {
        StringBuilder text = new StringBuilder(url);
        for (Tuple.Tuple2<Double, Character> insertion : insertions) {
            text.insert(
                    (int) Math.round(insertion.get1() * text.length()),
                    insertion.get2().charValue());
        }
        return text.toString();
    }

    // ------------------------------------------------------------------------ c. methods

    @Property(tries = 200)
    void aNonTokenMethodIsRefusedAndATokenMethodIsSentAsIs(@ForAll("methods") String method) throws Exception {
        int before = server.requestCount();
        boolean token = isToken(method);
        CurlRequest request;
        try {
            request = CurlRequest.builder(server.url("/method")).method(method).build();
        } catch (IllegalArgumentException refused) {
            Statistics.label("method").collect("refused");
            assertThat(token)
                    .as("token method %s was refused (%s)", quote(method), refused.getMessage())
                    .isFalse();
            assertThat(server.requestCount())
                    .as("requests after a refused method")
                    .isEqualTo(before);
            return;
        }
        Statistics.label("method").collect("sent");
        assertThat(token).as("non-token method %s was accepted", quote(method)).isTrue();
        byte[] recorded = sendExpectingOk(request, method.equals("HEAD") ? "200 " : "200 ok");
        assertCleanHead(recorded);
        assertThat(requestLine(recorded, method)).isEqualTo("/method");
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        4,
                        Arbitraries.strings()
                                .withChars(TOKEN_CHARS)
                                .ofMinLength(1)
                                .ofMaxLength(12)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "GET",
                                "HEAD",
                                "POST",
                                "PUT",
                                "DELETE",
                                "OPTIONS",
                                "TRACE",
                                "PATCH",
                                "CONNECT",
                                "get",
                                "M-SEARCH",
                                "GET /x HTTP/1.1\r\nX:",
                                "GET\0",
                                "")),
                Tuple.of(4, nastyText(0, 12)));
    }

    // ------------------------------------------------------------------------ d. builder settings

    @Property(tries = 100)
    void aBuilderSettingIsRefusedOrGivesAWorkingClient(@ForAll("settings") List<Setting> settings) throws Exception {
        CurlClient.Builder builder = CurlClient.builder().httpVersion(HttpVersion.HTTP_1_1);
        CurlClient built;
        try {
            for (Setting setting : settings) {
                builder = setting.apply().apply(builder);
            }
            built = builder.build();
        } catch (IllegalArgumentException | NullPointerException refused) {
            Statistics.label("builder").collect("refused");
            return;
        }
        try (CurlClient tried = built) {
            server.clear();
            Outcome outcome = exchange(tried, CurlRequest.get(server.url("/settings")));
            if (outcome.error() != null) {
                Statistics.label("builder").collect(outcome.error().getClass().getSimpleName());
                assertThat(settings.stream().anyMatch(s -> s.mayFailWith(outcome.error())))
                        .as("settings %s built a client whose request failed with %s", settings, outcome.error())
                        .isTrue();
                return;
            }
            Statistics.label("builder").collect("worked");
            assertThat(outcome.body()).as("response with %s", settings).isEqualTo("200 ok");
            byte[] recorded = server.nextRequest(RECORD_WAIT_MS);
            assertThat(recorded).as("request recorded with %s", settings).isNotNull();
            assertCleanHead(recorded);
        }
    }

    @Provide
    Arbitrary<List<Setting>> settings() {
        Arbitrary<Setting> one = Arbitraries.oneOf(
                durationSetting("connectTimeout", CurlClient.Builder::connectTimeout),
                durationSetting("totalTimeout", CurlClient.Builder::totalTimeout),
                durationSetting("responseTimeout", CurlClient.Builder::responseTimeout),
                durationSetting("idleTimeout", CurlClient.Builder::idleTimeout),
                durationSetting("bodySubscribeTimeout", CurlClient.Builder::bodySubscribeTimeout),
                edgyLongs()
                        .map(n -> new Setting(
                                "maxResponseSize(" + n + ")",
                                b -> b.maxResponseSize(n),
                                e -> e instanceof CurlTooLargeException && n >= 0 && n < 2)),
                // A limit below the 2-byte body fails the body, as documented; a negative limit is
                // nonsense that must be refused, not turned into a client whose every body fails.
                edgyLongs()
                        .map(n -> new Setting(
                                "maxInMemorySize(" + n + ")",
                                b -> b.maxInMemorySize(n),
                                e -> e instanceof CurlTooLargeException && n >= 0 && n < 2)),
                edgyInts()
                        .map(n -> new Setting("receiveBufferSize(" + n + ")", b -> b.receiveBufferSize(n), e -> false)),
                edgyInts().map(n -> new Setting("followRedirects(" + n + ")", b -> b.followRedirects(n), e -> false)),
                edgyInts().map(n -> new Setting("maxConnections(" + n + ")", b -> b.maxConnections(n), e -> false)),
                Combinators.combine(headerNames(), headerValues())
                        .as((n, v) -> new Setting(
                                "defaultHeader(" + quote(n) + ", " + quote(v) + ")",
                                b -> b.defaultHeader(n, v),
                                e -> false)),
                nullable(headerValues())
                        .map(v -> new Setting("userAgent(" + quote(v) + ")", b -> b.userAgent(v), e -> false)),
                Combinators.combine(nullable(nastyText(0, 12)), edgyInts(), nullable(nastyText(0, 16)))
                        .as((h, p, a) -> new Setting(
                                "resolve(" + quote(h) + ", " + p + ", " + quote(a) + ")",
                                b -> b.resolve(h, p, a),
                                e -> false)));
        return one.list().ofMinSize(1).ofMaxSize(3);
    }

    /**
     * A Duration setting over null, negative, zero, tiny, ordinary and overflowing values. A tiny
     * positive or zero limit may legitimately end the request with a timeout; a negative one may
     * not (it should be refused), and neither may a huge one.
     */
    private static Arbitrary<Setting> durationSetting(
            String name, java.util.function.BiFunction<CurlClient.Builder, Duration, CurlClient.Builder> set) {
        Arbitrary<Duration> durations = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just((Duration) null)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                Duration.ofNanos(-1),
                                Duration.ofMillis(-1),
                                Duration.ofSeconds(-30),
                                Duration.ofSeconds(Long.MIN_VALUE))),
                Tuple.of(2, Arbitraries.longs().between(0, 50_000_000).map(Duration::ofNanos)),
                Tuple.of(3, Arbitraries.longs().between(1, 60).map(Duration::ofSeconds)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                Duration.ofDays(365L * 100),
                                Duration.ofDays(365L * 1000),
                                Duration.ofSeconds(Long.MAX_VALUE / 1000),
                                Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))));
        return durations.map(d -> new Setting(
                name + "(" + d + ")",
                b -> set.apply(b, d),
                e -> e instanceof CurlTimeoutException && d != null && !d.isNegative() && d.toMillis() <= 50));
    }

    private static Arbitrary<Long> edgyLongs() {
        return Arbitraries.oneOf(
                Arbitraries.of(Long.MIN_VALUE, -2L, -1L, 0L, 1L, 2L, 3L, Long.MAX_VALUE), Arbitraries.longs());
    }

    private static Arbitrary<Integer> edgyInts() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        Integer.MIN_VALUE, -1, 0, 1, 1023, 1024, 65535, 65536, 524288, 524289, Integer.MAX_VALUE),
                Arbitraries.integers());
    }

    private static <T> Arbitrary<T> nullable(Arbitrary<T> values) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just((T) null)), Tuple.of(9, values));
    }

    /**
     * One builder call, described for the counterexample report, with the request failures it may
     * legitimately cause (for example a 1 ms timeout may time the request out).
     */
    record Setting(
            String description,
            UnaryOperator<CurlClient.Builder> apply,
            java.util.function.Predicate<Throwable> allowedFailure) {
        boolean mayFailWith(Throwable error) {
            return allowedFailure.test(error);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    // ------------------------------------------------------------------------ helpers

    /** Text of ordinary letters mixed with {@link #NASTY} characters. */
    private static Arbitrary<String> nastyText(int min, int max) {
        return Arbitraries.strings()
                .withChars(NASTY)
                .alpha()
                .numeric()
                .ofMinLength(min)
                .ofMaxLength(max);
    }

    /** The response ("status body") or the error a request ended with; a hang fails the test. */
    record Outcome(String body, Throwable error) {}

    private static Outcome exchange(CurlClient on, CurlRequest request) throws InterruptedException {
        CompletableFuture<String> future = on.request(request)
                .flatMap(response -> response.bodyAsString().map(body -> response.status() + " " + body))
                .toFuture();
        try {
            return new Outcome(future.get(EXCHANGE_SECONDS, TimeUnit.SECONDS), null);
        } catch (ExecutionException failed) {
            return new Outcome(null, failed.getCause());
        } catch (TimeoutException hung) {
            future.cancel(true);
            throw new AssertionError("no outcome within " + EXCHANGE_SECONDS + " s for " + quote(request.toString()));
        }
    }

    /** Sends a request that must be answered "200 ok" and returns the bytes the server recorded. */
    private static byte[] sendExpectingOk(CurlRequest request) throws InterruptedException {
        return sendExpectingOk(request, "200 ok");
    }

    private static byte[] sendExpectingOk(CurlRequest request, String expected) throws InterruptedException {
        server.clear();
        Outcome outcome = exchange(client, request);
        if (outcome.error() != null) {
            fail(
                    "accepted request " + quote(request + " " + request.headers()) + " failed: " + outcome.error(),
                    outcome.error());
        }
        assertThat(outcome.body()).isEqualTo(expected);
        byte[] recorded = server.nextRequest(RECORD_WAIT_MS);
        assertThat(recorded).as("request recorded by the server").isNotNull();
        return recorded;
    }

    /** CR and LF appear only as CRLF pairs and NUL never, in the head up to its blank line. */
    private static void assertCleanHead(byte[] request) {
        String head = head(request);
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            boolean bad = c == 0
                    || c == '\r' && (i + 1 >= head.length() || head.charAt(i + 1) != '\n')
                    || c == '\n' && (i == 0 || head.charAt(i - 1) != '\r');
            if (bad) {
                fail("byte %02x at %d on the wire: %s", (int) c, i, quote(head));
            }
        }
        assertThat(head).as("head ends with its blank line").endsWith("\r\n\r\n");
    }

    /** The request target, after checking the first line is exactly {@code method SP target SP HTTP/1.1}. */
    private static String requestLine(byte[] request, String method) {
        String first = head(request).split("\r\n", -1)[0];
        Matcher matcher = REQUEST_LINE.matcher(first);
        assertThat(matcher.matches()).as("request line %s", quote(first)).isTrue();
        assertThat(matcher.group(1)).isEqualTo(method);
        return matcher.group(2);
    }

    /** The header lines of a recorded head (without the request line and the blank line). */
    private static List<String> headerLines(byte[] request) {
        String[] lines = head(request).split("\r\n");
        return List.of(lines).subList(1, lines.length);
    }

    private static String fieldName(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? line : line.substring(0, colon);
    }

    /** The bytes up to and including the first blank line (or all of them), one char per byte. */
    private static String head(byte[] request) {
        String text = latin1(request);
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? text : text.substring(0, end + 4);
    }

    /** The text as it must appear on the wire (UTF-8), one char per byte to compare with recordings. */
    private static String wire(String text) {
        return latin1(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (char c : text.toCharArray()) {
            if (TOKEN_CHARS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Java-escaped text, so control characters are visible in failure messages. */
    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
