package dev.curlmulti.bench;

import dev.curlmulti.bench.clients.WebSocketEchoClient;
import dev.curlmulti.core.CurlVersion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bin/bench-websocket} in small: the echo server and both clients in their own JVMs, 50
 * sessions each for a second, so that a client that echoes nothing (or a harness that counts
 * nothing) fails here rather than in a report. On a libcurl without WebSocket the bench refuses to
 * start, with a message that says what to load.
 */
class WebSocketBenchTest {

    @Test
    void bothClientsEchoMessagesOnEverySession() throws Exception {
        assumeTrue(CurlVersion.current().isAtLeast(8, 14, 0), "WebSocket needs libcurl 8.14+; this is "
                + CurlVersion.current().version() + " (the test below checks the refusal)");
        WebSocketBench.requireWebSocket();
        WebSocketBenchOptions options = WebSocketBenchOptions.parse(Map.of("rounds", "1", "sessions", "50",
                "seconds", "1", "warmup", "0.5", "modes", "unpinned", "jdks", Integer.toString(Runtime.version().feature()),
                "clients", "curl-ws,reactor-netty-ws", "logs", "target/websocket-bench-test-logs"));

        List<WebSocketSection.Result> results = WebSocketBench.run(options);

        assertThat(results).hasSize(1);
        WebSocketSection.Result result = results.get(0);
        assertThat(result.failures()).isEmpty();
        assertThat(result.samples()).containsOnlyKeys("curl-ws", "reactor-netty-ws");
        result.samples().forEach((client, samples) -> {
            assertThat(samples).as(client).hasSize(1);
            EchoSample sample = samples.get(0);
            assertThat(sample.messages()).as(client + " messages").isGreaterThan(50);
            assertThat(sample.fewestPerSession()).as(client + " fewest echoes of one session").isPositive();
            assertThat(sample.cpuMicrosPerMessage()).as(client + " CPU per message").isPositive();
        });
        assertThat(result.binding()).contains(Integer.toString(Runtime.version().feature()));
        assertThat(WebSocketReport.render(results)).contains("| curl-ws |", "| reactor-netty-ws |", "×");
    }

    @Test
    void ourClientNamesSayHowManyLoops() {
        assertThat(WebSocketEchoClient.loops("curl-ws-1loop")).isEqualTo(1);
        assertThat(WebSocketEchoClient.loops("curl-ws-8loops")).isEqualTo(8);
        assertThatThrownBy(() -> WebSocketBenchOptions.parse(Map.of("clients", "curl-ws-0loops",
                "jdks", Integer.toString(Runtime.version().feature())))).hasMessageContaining("unknown WebSocket client");
    }

    @Test
    void refusesALibcurlWithoutWebSocket() {
        assumeTrue(!CurlVersion.current().isAtLeast(8, 14, 0), "this libcurl has WebSocket");
        assertThatThrownBy(WebSocketBench::requireWebSocket).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs libcurl 8.14+").hasMessageContaining("bin/ensure-libcurl8");
    }
}
