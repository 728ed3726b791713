package dev.curlmulti.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.bench.clients.BenchClient;
import dev.curlmulti.bench.clients.Libraries;
import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.RawServer;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every client the benchmark measures fetches for real and counts every body byte, over HTTP/1.1
 * and HTTP/2 with TLS, and fails on a non-200, so the benchmark cannot report a broken client as
 * a fast one. A shortened (f): each holds a few trickling transfers and lets them go.
 */
class BenchClientsTest {
    private static BenchServer server;

    @BeforeAll
    static void start() {
        server = new BenchServer(List.of(), false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "curl-flux",
                "curl-chunks",
                "curl-flux-socket",
                "curl-file",
                "curl-multi",
                "reactor-netty",
                "jdk",
                "jetty"
            })
    void fetchesAndCountsEveryByte(String name) throws Exception {
        try (BenchClient client = BenchClient.create(name, server.caPem())) {
            assertThat(client.fetch(server.url(Workload.A), 200, 16, false)).isEqualTo(200 * 1024L);
            assertThat(client.fetch(server.url(Workload.D), 6, 3, false)).isEqualTo(6L << 20);
            assertThat(client.fetch(server.url(Workload.E), 100, 16, true)).isEqualTo(100 * 1024L);
            assertThatThrownBy(() -> client.fetch(server.url(Workload.A).replace("1k.bin", "missing.bin"), 2, 1, false))
                    .isInstanceOf(Exception.class);
        }
    }

    /** WebClient on our connector and on Reactor Netty's: HTTP/1.1 only, what (a) and (c) need. */
    @ParameterizedTest
    @ValueSource(strings = {"webclient-curl", "webclient-netty"})
    void webClientsFetchAndCountEveryByte(String name) throws Exception {
        try (BenchClient client = BenchClient.create(name, server.caPem())) {
            assertThat(client.fetch(server.url(Workload.A), 200, 16, false)).isEqualTo(200 * 1024L);
            // Large bodies arrive in many buffers, each counted (and released: Netty's are pooled).
            assertThat(client.fetch(server.url(Workload.D), 6, 3, false)).isEqualTo(6L << 20);
            assertThatThrownBy(() -> client.fetch(server.url(Workload.A).replace("1k.bin", "missing.bin"), 2, 1, false))
                    .hasMessageContaining("404");
            assertThatThrownBy(() -> client.fetch(server.url(Workload.E), 1, 1, true))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(SectionRun.applies(name, Workload.A)).isTrue();
        assertThat(SectionRun.applies(name, Workload.C)).isTrue();
        assertThat(SectionRun.applies(name, Workload.D)).isTrue();
        assertThat(SectionRun.applies(name, Workload.B)).isFalse();
        assertThat(SectionRun.applies(name, Workload.E)).isFalse();
    }

    /**
     * Each client in a worker JVM on the class path bin/bench gives it: those named for a newer
     * generation (Reactor Netty 1.3 on Netty 4.2, Spring 7) on a class path of their own, which
     * holds that generation and not the other. Every body byte counted, heap allocation measured.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "reactor-netty           | reactor-netty=1.2.,netty=4.1.",
                "reactor-netty-1.3       | reactor-netty=1.3.,netty=4.2.",
                "webclient-netty         | spring=6.,reactor-netty=1.2.,netty=4.1.",
                "webclient-netty-spring7 | spring=7.,reactor-netty=1.3.,netty=4.2.",
                "webclient-curl-spring7  | spring=7.,reactor-core=3.8."
            })
    void workersFetchOnTheLibraryVersionsTheirNamesSay(String name, String expected) throws Exception {
        Path log = Files.createDirectories(Path.of("target", "bench-test-logs")).resolve(name + ".log");
        Files.deleteIfExists(log); // the worker appends: one run's log only
        try (WorkerProcess worker = new WorkerProcess(
                new Contender(name, Libcurl.inherited(null)),
                Jdks.running(),
                server.caPem(),
                List.of(),
                log,
                null,
                0)) {
            Map<String, String> loaded = Libraries.parse(worker.call("versions"));
            for (String library : expected.split(",")) {
                String[] idAndPrefix = library.split("=");
                assertThat(loaded.get(idAndPrefix[0]))
                        .as(name + " " + idAndPrefix[0])
                        .startsWith(idAndPrefix[1]);
            }
            Sample small = Sample.fromWorker(worker.call("fetch %s 200 16 false".formatted(server.url(Workload.A))));
            assertThat(small.bytes()).isEqualTo(200 * 1024L);
            Sample large = Sample.fromWorker(worker.call("fetch %s 6 3 false".formatted(server.url(Workload.D))));
            assertThat(large.bytes()).isEqualTo(6L << 20);
            assertThat(large.allocatedPerUnit(Workload.D, 6)).isPositive();
        }
    }

    /** The separate lists hold one generation each; this JVM's own class path holds the older one only. */
    @Test
    void theGenerationsNeverShareAClassPath() {
        String netty13 = WorkerClassPath.list("reactor-netty-1.3");
        assertThat(netty13)
                .contains("reactor-netty-http-1.3.", "netty-handler-4.2.")
                .doesNotContain("netty-handler-4.1.");
        String spring7 = WorkerClassPath.list("spring7");
        assertThat(spring7)
                .contains("spring-webflux-7.", "reactor-netty-http-1.3.", "multi-spring-on-spring7")
                .doesNotContain("spring-webflux-6.", "netty-handler-4.1.");
        assertThat(System.getProperty("java.class.path"))
                .contains("netty-handler-4.1.")
                .doesNotContain("netty-handler-4.2.", "spring-webflux-7.");
        assertThat(WorkerClassPath.of("reactor-netty")).isEqualTo(System.getProperty("java.class.path"));
        assertThat(WorkerClassPath.of("webclient-curl-spring7")).endsWith(spring7);
        // Run in the wrong JVM, a client named for a generation refuses rather than measure the other one.
        assertThatThrownBy(() -> BenchClient.create("reactor-netty-1.3", server.caPem()))
                .hasMessageContaining("needs Reactor Netty 1.3.x on its class path, found 1.2.");
    }

    /**
     * (f) shortened: while held, every transfer has its own open connection that the server keeps
     * trickling into; once released, the client closes every one of them, and opens no other.
     */
    @ParameterizedTest
    @ValueSource(strings = {"curl-flux-socket", "curl-flux-poll", "curl-chunks", "reactor-netty", "jdk", "jetty"})
    void holdsTricklingTransfersAndReleasesThem(String name) throws Exception {
        int transfers = 20;
        Trickle trickle = new Trickle();
        try (RawServer slow = new RawServer(trickle::serve);
                BenchClient client = BenchClient.create(name, server.caPem())) {
            client.hold(slow.url("/slow/4m.bin"), transfers);
            assertThat(trickle.streaming.get())
                    .as("transfers answered when hold returns")
                    .isEqualTo(transfers);
            Await.until(
                    Duration.ofSeconds(10),
                    () -> trickle.chunks.get() >= 5L * transfers,
                    "the server trickling more into the held transfers");
            assertThat(trickle.released.get())
                    .as("connections the client closed while holding")
                    .isZero();

            client.releaseHeld();
            Await.until(
                    Duration.ofSeconds(10),
                    () -> trickle.released.get() == transfers,
                    "the client closing every held connection");
            assertThat(trickle.streaming.get())
                    .as("transfers started, after the release")
                    .isEqualTo(transfers);
        }
    }

    /** A body of 4 MiB sent 1 KiB at a time, counting the connections answered and those the client closed. */
    private static final class Trickle {
        private static final int LENGTH = 4 << 20;
        final AtomicInteger streaming = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();
        final AtomicLong chunks = new AtomicLong();

        void serve(Socket connection) throws IOException {
            if (!RawServer.skipRequestHead(connection)) {
                return;
            }
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: " + LENGTH + "\r\n\r\n");
            streaming.incrementAndGet();
            // The read timeout paces the trickle (a chunk each 100 ms the client stays quiet), and the
            // read itself sees the client close the connection.
            connection.setSoTimeout(100);
            byte[] chunk = new byte[1024];
            try {
                for (int sent = 0; sent < LENGTH; sent += chunk.length) {
                    RawServer.send(connection, chunk);
                    chunks.incrementAndGet();
                    if (closedByClient(connection)) {
                        released.incrementAndGet();
                        return;
                    }
                }
            } catch (IOException reset) {
                // a write or read failed: the client reset the connection
                released.incrementAndGet();
            }
        }

        /** True when the client closed the connection; false when it stayed quiet for the read timeout. */
        private static boolean closedByClient(Socket connection) throws IOException {
            try {
                return connection.getInputStream().read() < 0;
            } catch (SocketTimeoutException quiet) {
                return false;
            }
        }
    }
}
