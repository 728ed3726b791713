package dev.curlmulti.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/bench-websocket}'s options: the sweep's lists (sessions, message sizes), the clients with
 * their old names, and the defaults. No servers.
 */
class WebSocketBenchOptionsTest {
    private static final String JDK = Integer.toString(Runtime.version().feature());

    @Test
    void sweepsThreeSessionCountsAndTwoMessageSizesWithBothReactorNettysByDefault() {
        WebSocketBenchOptions options = WebSocketBenchOptions.parse(Map.of("jdks", JDK));

        assertThat(options.sessions()).containsExactly(100, 1_000, 10_000);
        assertThat(options.maxSessions()).isEqualTo(10_000);
        assertThat(options.messageBytes()).containsExactly(32, 16_384);
        assertThat(options.clients())
                .containsExactly("curl-ws", "curl-ws-1loop", "reactor-netty-1.2-ws", "reactor-netty-1.3-ws");
        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.seconds()).isEqualTo(10);
        assertThat(options.warmup()).isEqualTo(10);
    }

    @Test
    void readsCommaListsInTheirOrderEachOnce() {
        WebSocketBenchOptions options = WebSocketBenchOptions.parse(Map.of(
                "jdks",
                JDK,
                "sessions",
                "1000, 100,1000",
                "message-bytes",
                "16384,32",
                "rounds",
                "1",
                "seconds",
                "3",
                "warmup",
                "3",
                "modes",
                "unpinned"));

        assertThat(options.sessions()).containsExactly(1_000, 100);
        assertThat(options.maxSessions()).isEqualTo(1_000);
        assertThat(options.messageBytes()).containsExactly(16_384, 32);
        assertThat(options.modes()).containsExactly("unpinned");
        assertThat(options.seconds()).isEqualTo(3);
    }

    @Test
    void reactorNettyWsIsTheOldNameOfReactorNetty12() {
        WebSocketBenchOptions options = WebSocketBenchOptions.parse(Map.of(
                "jdks",
                JDK,
                "clients",
                "curl-ws,reactor-netty-ws,reactor-netty-1.3-ws,reactor-netty-1.2-ws,curl-ws-4loops"));

        assertThat(options.clients())
                .containsExactly("curl-ws", "reactor-netty-1.2-ws", "reactor-netty-1.3-ws", "curl-ws-4loops");
        assertThat(WebSocketBenchOptions.reactorNetty("reactor-netty-1.3-ws")).isTrue();
        assertThat(WebSocketBenchOptions.reactorNetty("curl-ws")).isFalse();
    }

    @Test
    void refusesListsThatAreNotPositiveWholeNumbers() {
        assertThatThrownBy(() -> WebSocketBenchOptions.parse(Map.of("jdks", JDK, "sessions", "100,many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--sessions");
        assertThatThrownBy(() -> WebSocketBenchOptions.parse(Map.of("jdks", JDK, "message-bytes", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--message-bytes");
        assertThatThrownBy(() -> WebSocketBenchOptions.parse(Map.of("jdks", JDK, "sessions", ",")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("above 0");
        assertThatThrownBy(() -> WebSocketBenchOptions.parse(Map.of("jdks", JDK, "clients", "reactor-netty-1.4-ws")))
                .hasMessageContaining("unknown WebSocket client");
    }
}
