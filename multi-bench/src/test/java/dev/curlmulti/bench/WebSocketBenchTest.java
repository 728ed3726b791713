package dev.curlmulti.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.curlmulti.bench.clients.WebSocketEchoClients;
import dev.curlmulti.core.CurlVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/bench-websocket} in small: the echo server and both clients in their own JVMs, 50
 * sessions each for a second, so that a client that echoes nothing (or a harness that counts
 * nothing) fails here rather than in a report. On a libcurl without WebSocket the bench refuses to
 * start, with a message that says what to load.
 */
class WebSocketBenchTest {

    @Test
    void bothClientsEchoMessagesOnEverySession() throws Exception {
        assumeTrue(
                CurlVersion.current().isAtLeast(8, 14, 0),
                "WebSocket needs libcurl 8.14+; this is "
                        + CurlVersion.current().version() + " (the test below checks the refusal)");
        WebSocketBench.requireWebSocket();
        // reactor-netty-ws: the old name of reactor-netty-1.2-ws
        WebSocketBenchOptions options = WebSocketBenchOptions.parse(Map.of(
                "rounds",
                "2",
                "sessions",
                "20,50",
                "message-bytes",
                "32,2000",
                "seconds",
                "1",
                "warmup",
                "0.5",
                "modes",
                "unpinned",
                "jdks",
                Integer.toString(Runtime.version().feature()),
                "clients",
                "curl-ws,reactor-netty-ws",
                "logs",
                "target/websocket-bench-test-logs"));

        List<WebSocketResult> results = WebSocketBench.run(options);

        assertThat(results).extracting(WebSocketResult::sessions).containsExactly(20, 50);
        for (WebSocketResult result : results) {
            assertThat(result.failures()).isEmpty();
            assertThat(result.clients()).containsOnlyKeys("curl-ws", "reactor-netty-1.2-ws");
            result.clients().forEach((client, runs) -> {
                assertThat(runs.openMillis).as(client + " opens, one per round").hasSize(2);
                assertThat(runs.rssBytesPerSession)
                        .as(client + " RSS per session")
                        .isNotNaN();
                runs.samples.forEach((bytes, samples) -> {
                    assertThat(samples).as(client + " at " + bytes).hasSize(2);
                    EchoSample sample = samples.get(0);
                    assertThat(sample.messages()).as(client + " messages").isGreaterThan(result.sessions());
                    assertThat(sample.fewestPerSession())
                            .as(client + " fewest echoes of one session")
                            .isPositive();
                    assertThat(sample.cpuMicrosPerMessage())
                            .as(client + " CPU per message")
                            .isPositive();
                });
            });
            assertThat(result.binding())
                    .contains(Integer.toString(Runtime.version().feature()));
            assertThat(result.clients().get("reactor-netty-1.2-ws").versions).startsWith("Reactor Netty 1.2.");
        }
        assertThat(WebSocketReport.render(results)).contains("| curl-ws |", "| reactor-netty-1.2-ws |", "peer", "×");
        assertThat(WebSocketTargets.render(results)).contains("Targets: ", "not measured");
    }

    @Test
    void ourClientNamesSayHowManyLoops() {
        assertThat(WebSocketEchoClients.loops("curl-ws-1loop")).isEqualTo(1);
        assertThat(WebSocketEchoClients.loops("curl-ws-8loops")).isEqualTo(8);
        assertThatThrownBy(() -> WebSocketBenchOptions.parse(Map.of(
                        "clients",
                        "curl-ws-0loops",
                        "jdks",
                        Integer.toString(Runtime.version().feature()))))
                .hasMessageContaining("unknown WebSocket client");
    }

    @Test
    void refusesALibcurlWithoutWebSocket() {
        assumeTrue(!CurlVersion.current().isAtLeast(8, 14, 0), "this libcurl has WebSocket");
        assertThatThrownBy(WebSocketBench::requireWebSocket)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs libcurl 8.14+")
                .hasMessageContaining("bin/ensure-libcurl8");
    }
}
