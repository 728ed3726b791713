package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.Nginx;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

/**
 * A client with several loops (each its own libcurl connection pool) reuses one connection for a
 * sequential caller, on HTTP/1.1 and HTTP/2, and one HTTP/2 connection for a moderate burst, as
 * Reactor Netty and the JDK client do; a busy origin still spreads over the loops. nginx reports
 * the connection that carried each request ({@code $connection}).
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class ConnectionReuseTest {
    private static Nginx nginx;

    @BeforeAll
    static void startNginx() {
        nginx = new Nginx("location = /conn { default_type text/plain; add_header X-Connection $connection always;"
                + " return 200 \"ok\"; }");
    }

    @AfterAll
    static void stopNginx() {
        nginx.close();
    }

    private static CurlClient fourLoops() {
        return CurlClient.builder()
                .loops(4)
                .tls(t -> t.withCaFile(nginx.caPem()))
                .build();
    }

    /** The connection number nginx saw for one GET, after checking the protocol. */
    private static String connectionOf(CurlClient client, String url, String version) {
        CurlResponse response = client.get(url).block(Duration.ofSeconds(10));
        assertThat(response.httpVersion()).isEqualTo(version);
        assertThat(response.bodyAsString().block(Duration.ofSeconds(10))).isEqualTo("ok");
        return response.headers().first("X-Connection");
    }

    @Test
    void sequentialHttp11RequestsReuseOneConnectionAcrossFourLoops() throws Exception {
        try (CurlClient client = fourLoops()) {
            Set<String> connections = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                connections.add(connectionOf(client, nginx.httpUrl("conn"), "HTTP/1.1"));
                // The next request goes to this origin's loop only once the last one has ended there.
                Await.until(Duration.ofSeconds(5), () -> client.inFlight() == 0, "the transfer ended on its loop");
            }
            assertThat(connections).hasSize(1);
        }
    }

    @Test
    void sequentialHttp2RequestsReuseOneConnectionAcrossFourLoops() throws Exception {
        try (CurlClient client = fourLoops()) {
            Set<String> connections = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                connections.add(connectionOf(client, nginx.httpsUrl("conn"), "HTTP/2"));
                // The next request goes to this origin's loop only once the last one has ended there.
                Await.until(Duration.ofSeconds(5), () -> client.inFlight() == 0, "the transfer ended on its loop");
            }
            assertThat(connections).hasSize(1);
        }
    }

    @Test
    void aModerateHttp2BurstSharesTheOneMultiplexedConnection() {
        try (CurlClient client = fourLoops()) {
            String first = connectionOf(client, nginx.httpsUrl("conn"), "HTTP/2");
            List<String> burst = Flux.range(0, 16)
                    .flatMap(
                            i -> client.get(nginx.httpsUrl("conn")).map(r -> {
                                r.discardBody();
                                return r.headers().first("X-Connection");
                            }),
                            16)
                    .collectList()
                    .block(Duration.ofSeconds(20));
            assertThat(burst).hasSize(16).containsOnly(first);
        }
    }

    @Test
    void aBusyOriginStillSpreadsOverTheLoops() throws Exception {
        try (MockWebServer slow = new MockWebServer();
                CurlClient client = fourLoops()) {
            for (int i = 0; i < 16; i++) {
                slow.enqueue(new MockResponse()
                        .setHeadersDelay(300, TimeUnit.MILLISECONDS)
                        .setBody("slow"));
            }
            slow.start(InetAddress.getLoopbackAddress(), 0);
            Set<String> loopThreads = ConcurrentHashMap.newKeySet();
            Flux.range(0, 16)
                    .flatMap(
                            i -> client.get(slow.url("/").toString()).doOnNext(r -> {
                                loopThreads.add(Thread.currentThread().getName());
                                r.discardBody();
                            }),
                            16)
                    .blockLast(Duration.ofSeconds(20));
            assertThat(loopThreads).hasSize(4);
        }
    }
}
