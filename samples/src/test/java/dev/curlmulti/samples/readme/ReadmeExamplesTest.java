package dev.curlmulti.samples.readme;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.testing.Await;
import dev.curlmulti.samples.readme.ReadmeBlocks.Block;
import dev.curlmulti.samples.readme.ReadmeBlocks.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and of the pages under {@code docs/} is a whole example (its
 * imports, then the statements of a {@code main} that may throw): this compiles each against the
 * project's class path, runs it against a loopback server with {@code https://example.com} and
 * {@code wss://example.com} pointed there, and checks what the server was asked and what the example
 * printed. A block without an entry in {@link #EXPECTED} fails, so a new block is run too.
 * {@link DocLinksTest} checks the same pages' links.
 */
@Timeout(300)
class ReadmeExamplesTest {
    /** The repository (tests run in {@code samples/}). */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A URL of anything but the placeholder: it would leave loopback (or fail) when the test runs it. */
    private static final Pattern OTHER_URL = Pattern.compile("\\b(?:https?|wss?)://(?!example\\.com[/\"])");

    /** What a block must do: need WebSocket (libcurl 8.14+), the requests the server sees, text printed. */
    private record Expectation(boolean webSocket, List<String> requests, List<String> printed) {
        static Expectation http(List<String> requests, String... printed) {
            return new Expectation(false, requests, List.of(printed));
        }
    }

    /** Keyed by the page, the heading a block is under and its number there. */
    private static final Map<String, Expectation> EXPECTED = Map.ofEntries(
            entry("README.md: A first request #1", Expectation.http(List.of("GET /"), ReadmeServer.ROOT_TEXT)),
            entry("README.md: Spring #1", Expectation.http(List.of("GET /"), ReadmeServer.ROOT_TEXT)),
            entry(
                    "docs/client.md: The Reactor client (`CurlClient`) #1",
                    Expectation.http(
                            List.of(
                                    "GET /",
                                    "GET /big.iso",
                                    "GET /big.iso",
                                    "POST /api",
                                    "GET /",
                                    "GET /f.bin",
                                    "GET /a.bin",
                                    "GET /b.bin"),
                            ReadmeServer.ROOT_TEXT,
                            "1048576 bytes",
                            "1048576 bytes, pooled",
                            "201 {\"a\":1}",
                            "f.bin: 6 bytes",
                            "a.bin: 6 bytes",
                            "b.bin: 6 bytes")),
            entry(
                    "docs/alt-svc.md: Alt-Svc and HSTS #1",
                    Expectation.http(List.of("GET /"), "200 HTTP/1.1", "0 alternatives, 0 https-only hosts")),
            entry("docs/client.md: What to know #1", Expectation.http(List.of("GET /"), "200")),
            entry(
                    "docs/client.md: What to know #2",
                    Expectation.http(List.of(), "8388608 PT2S", "responseTimeout may be set per request")),
            entry(
                    "docs/client.md: Idle connections #1",
                    Expectation.http(List.of("GET /"), "PT30S PT15S", ReadmeServer.ROOT_TEXT)),
            entry(
                    "docs/client.md: Filters and retries #1",
                    Expectation.http(List.of("GET /private", "GET /private"), ReadmeServer.PRIVATE_TEXT)),
            entry(
                    "docs/cookies.md: libcurl's jar #1",
                    Expectation.http(List.of("GET /"), "session=abc for 127.0.0.1", "saved 1", "loaded 1")),
            entry("docs/websocket.md: WebSocket #1", new Expectation(true, List.of("GET /chat"), List.of("hello"))),
            entry(
                    "docs/websocket.md: Spring WebFlux: `CurlWebSocketClient` #1",
                    new Expectation(true, List.of("GET /chat"), List.of("hello"))),
            entry(
                    "docs/multipart.md: Multipart uploads (`MultipartBody`) #1",
                    Expectation.http(List.of("POST /api"), "201 true true true")),
            entry(
                    "docs/multipart.md: The handle-level API (`CurlMime`) #1",
                    Expectation.http(List.of("POST /api"), "201 true")),
            entry(
                    "docs/progress.md: Progress of a transfer #1",
                    Expectation.http(
                            List.of("GET /big.iso"), "1048576 bytes; last event: 1048576 of 1048576, complete true")),
            entry("docs/observability.md: Metrics #1", Expectation.http(List.of("GET /users/42"), "1 requests")),
            entry(
                    "docs/observability.md: Connection pool meters #1",
                    Expectation.http(List.of("GET /"), "1 request(s) got a connection")),
            entry(
                    "docs/spring.md: Spring: WebClient, RestClient, RestTemplate, Spring Boot #1",
                    Expectation.http(
                            List.of("GET /", "GET /", "GET /"),
                            "WebClient: " + ReadmeServer.ROOT_TEXT,
                            "RestClient: " + ReadmeServer.ROOT_TEXT,
                            "RestTemplate: " + ReadmeServer.ROOT_TEXT)),
            entry(
                    "docs/event-loop.md: First example (pycurl-style) #1",
                    Expectation.http(List.of("GET /"), "200: 19 bytes")),
            entry(
                    "docs/event-loop.md: The event loop (`CurlEventLoop`) #1",
                    Expectation.http(List.of("GET /big.iso"), "200", "1048576 bytes")),
            // b.bin asks for segments; the server ignores ranges, so it stays one stream on the same request.
            entry(
                    "docs/downloads.md: The library: batches, limits, segments, verification #1",
                    Expectation.http(
                            List.of("GET /a.bin", "GET /b.bin", "GET /c.bin"),
                            "a.bin 6 bytes, status 200, 1 connection(s), sha256 63c5cdfc617fb8fe93888e68674717590957a25b5e08219b1a61c3f031f88ee6",
                            "b.bin 6 bytes, status 200, 1 connection(s), sha256",
                            "c.bin 6 bytes, status 200, 1 connection(s), sha256 null")));

    private static ReadmeServer server;
    private static List<Block> blocks;

    @BeforeAll
    static void start() throws Exception {
        server = new ReadmeServer();
        blocks = new ArrayList<>();
        for (Path page : examplePages()) {
            blocks.addAll(ReadmeBlocks.parse(name(page), Files.readString(page)));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** README.md, then every page under docs/, in name order. */
    static List<Path> examplePages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static String name(Path page) {
        return ROOT.relativize(page).toString().replace('\\', '/');
    }

    @Test
    void everyJavaBlockIsFoundAndHasAnExpectation() throws Exception {
        long fences = 0;
        for (Path page : examplePages()) {
            fences += Files.readAllLines(page).stream()
                    .filter(l -> ReadmeBlocks.JAVA_FENCE.matcher(l).matches())
                    .count();
        }
        assertThat(blocks).as("a block per java fence").hasSize((int) fences).hasSizeGreaterThanOrEqualTo(12);
        assertThat(blocks.stream().map(Block::key))
                .as("blocks with an expectation here (add one for a new block)")
                .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompilesAndRunsAgainstALoopbackServer(@TempDir Path classes) throws Exception {
        Map<String, String> placeholders = Map.of(
                "https://example.com", "http://127.0.0.1:" + server.port(),
                "wss://example.com", "ws://127.0.0.1:" + server.port());
        List<Unit> units = blocks.stream().map(b -> b.unit(placeholders)).toList();
        Map<String, List<String>> messages = ReadmeBlocks.compile(units, classes, ReadmeBlocks.testClassPath());
        return blocks.stream()
                .map(block -> DynamicTest.dynamicTest(
                        block.key() + " (" + block.page() + ":" + block.firstLine() + ")", () -> {
                            assertThat(block.lines())
                                    .as("URLs other than the example.com placeholder")
                                    .noneMatch(l -> OTHER_URL.matcher(l).find());
                            assertThat(messages.get(block.className()))
                                    .as("javac on " + block.key())
                                    .isEmpty();
                            run(block, classes);
                        }));
    }

    private static void run(Block block, Path classes) throws Exception {
        Expectation expected = EXPECTED.get(block.key());
        assertThat(expected).as("an expectation for " + block.key()).isNotNull();
        Set<Thread> loopsBefore = loopThreads();
        server.takeRequests();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Throwable failure;
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeExamplesTest.class.getClassLoader())) {
            Method main = loader.loadClass(block.className()).getMethod("main", String[].class);
            failure = runMain(main, block);
        } finally {
            System.setOut(console);
            console.print(printed.toString(StandardCharsets.UTF_8));
        }
        if (expected.webSocket() && !CurlVersion.current().isAtLeast(8, 14, 0)) {
            // Before 8.14 the example fails at once, naming what to install (bin/test runs 8.14.1 too).
            assertThat(failure)
                    .as("WebSocket on libcurl " + CurlVersion.current())
                    .isNotNull();
            assertThat(causes(failure)).anyMatch(UnsupportedOperationException.class::isInstance);
            return;
        }
        if (failure != null) {
            throw new AssertionError(block.key() + " failed when run", failure);
        }
        assertThat(server.takeRequests())
                .as("what " + block.key() + " asked the server")
                .containsExactlyInAnyOrderElementsOf(expected.requests());
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .as("what " + block.key() + " printed")
                .contains(expected.printed());
        assertNoLoopThreadsLeft(loopsBefore, block);
    }

    /** Runs {@code main} on a thread of its own; a hang fails with where it hangs, not only that it did. */
    private static Throwable runMain(Method main, Block block) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        main.invoke(null, (Object) new String[0]);
                    } catch (InvocationTargetException e) {
                        failure.set(e.getCause());
                    } catch (ReflectiveOperationException | RuntimeException | Error e) {
                        failure.set(e);
                    }
                },
                "readme-example");
        thread.setDaemon(true);
        thread.start();
        thread.join(Duration.ofSeconds(60).toMillis());
        if (thread.isAlive()) {
            String where = Arrays.stream(thread.getStackTrace())
                    .map(f -> "\n\tat " + f)
                    .collect(Collectors.joining());
            thread.interrupt();
            throw new AssertionError(block.key() + " still running after 60 s, at:" + where);
        }
        return failure.get();
    }

    /** A client or loop the example forgot to close would keep its thread: the examples show the closing too. */
    private static void assertNoLoopThreadsLeft(Set<Thread> before, Block block) {
        Await.value(
                Duration.ofSeconds(5),
                () -> loopThreads().stream().filter(t -> !before.contains(t)).collect(Collectors.toSet()),
                Set::isEmpty,
                "no loop thread left running after " + block.key());
    }

    private static Set<Thread> loopThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getMethodName().equals("run")
                                && f.getClassName().equals("dev.curlmulti.core.loop.CurlEventLoop")))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static List<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, t -> t != null, Throwable::getCause).toList();
    }
}
