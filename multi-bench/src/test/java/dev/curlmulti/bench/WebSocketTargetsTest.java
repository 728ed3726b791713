package dev.curlmulti.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/bench-websocket}'s targets and tables from made-up results (no servers): the peer is the
 * faster Reactor Netty of each row group, CPU is compared with that same client, the scaling and the
 * opening and memory lines, and "not measured" where the sweep lacks a size.
 */
class WebSocketTargetsTest {
    private static final Section UNPINNED_25 =
            new Section("unpinned", new Jdk(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"), 25));
    private static final Section PINNED_17 =
            new Section("pinned", new Jdk(Path.of("/usr/lib/jvm/java-17-openjdk-amd64"), 17));
    private static final List<Integer> SIZES = List.of(32, 16_384);

    /** A client that echoed at {@code rate} msg/s for {@code cpu} µs each at 32 B, half of both at 16 KiB. */
    private static WebSocketClientRuns runs(String label, double rate, double cpu, long openMillis, double rss) {
        String client = label.replaceAll(" \\[.*", "");
        WebSocketClientRuns runs = new WebSocketClientRuns(label, client, SIZES);
        runs.samples.get(32).add(sample(rate, cpu));
        runs.samples.get(16_384).add(sample(rate / 2, cpu * 2));
        runs.openMillis.add(openMillis);
        runs.rssBytesPerSession = rss;
        return runs;
    }

    private static EchoSample sample(double rate, double cpuMicros) {
        long messages = (long) rate;
        return new EchoSample(1_000_000_000L, messages, (long) (cpuMicros * 1000 * messages), 5, 0.1);
    }

    private static WebSocketResult result(Section section, int sessions, WebSocketClientRuns... clients) {
        Map<String, WebSocketClientRuns> byLabel = new LinkedHashMap<>();
        for (WebSocketClientRuns runs : clients) {
            byLabel.put(runs.label, runs);
        }
        Map<String, String> skipped = section.mode().equals("pinned")
                ? Map.of("curl-ws-1loop", "on one core curl-ws has one loop already")
                : Map.of();
        return new WebSocketResult(
                section, sessions, SIZES, "Java 25 FFM", "20,000 (hard 20,000)", byLabel, Map.of(), skipped);
    }

    private static List<WebSocketResult> sweep() {
        return List.of(
                result(
                        UNPINNED_25,
                        100,
                        runs("curl-ws", 50_000, 10, 50, 9_000),
                        runs("curl-ws-1loop", 40_000, 12, 60, 8_000),
                        runs("reactor-netty-1.2-ws", 60_000, 8, 80, 6_000),
                        runs("reactor-netty-1.3-ws", 70_000, 7, 90, 7_000)),
                result(
                        UNPINNED_25,
                        1_000,
                        runs("curl-ws", 80_000, 11, 400, 9_000),
                        runs("curl-ws-1loop", 40_000, 20, 500, 8_000),
                        runs("reactor-netty-1.2-ws", 75_000, 9, 900, 6_000),
                        runs("reactor-netty-1.3-ws", 70_000, 8, 800, 7_000)),
                result(
                        UNPINNED_25,
                        10_000,
                        runs("curl-ws", 60_000, 14, 4_000, 12_000),
                        runs("curl-ws-1loop", 30_000, 30, 5_000, 11_000),
                        runs("reactor-netty-1.2-ws", 70_000, 9, 9_000, 5_000),
                        runs("reactor-netty-1.3-ws", 72_000, 10, 5_000, 7_000)));
    }

    @Test
    void theFasterReactorNettyOfEachRowGroupIsThePeer() {
        List<WebSocketResult> results = sweep();

        assertThat(results.get(0).peer(32)).map(runs -> runs.label).hasValue("reactor-netty-1.3-ws");
        assertThat(results.get(1).peer(32)).map(runs -> runs.label).hasValue("reactor-netty-1.2-ws");
        assertThat(results.get(1).peer()).map(runs -> runs.label).hasValue("reactor-netty-1.2-ws");
        assertThat(result(UNPINNED_25, 100, runs("curl-ws", 1, 1, 1, 1)).peer(32))
                .isEmpty();
    }

    @Test
    void judgesThroughputAndCpuAgainstThePeerOfEachRowGroup() {
        String targets = WebSocketTargets.render(sweep());

        assertThat(targets)
                .startsWith("\nTargets (per JDK and mode; peer = the Reactor Netty client with the most"
                        + " messages/s in the row group):\n\nJDK 25 (temurin-25-jdk-amd64), unpinned:\n");
        assertThat(targets)
                .contains("- msg/s at 1,000 sessions, 32 B: curl-ws >= 1.0x reactor-netty-1.2-ws:"
                        + " 80,000 vs 75,000 msg/s, 1.07x: MET\n");
        // CPU against the same client as throughput (1.2), not the cheaper 1.3 (8 µs)
        assertThat(targets)
                .contains("- CPU per message at 1,000 sessions, 32 B: curl-ws <= 1.2x reactor-netty-1.2-ws:"
                        + " 11.0 vs 9.0 µs, 1.22x: MISSED\n");
        assertThat(targets)
                .contains("- msg/s at 10,000 sessions, 16.0 KiB: curl-ws >= 1.0x reactor-netty-1.3-ws:"
                        + " 30,000 vs 36,000 msg/s, 0.83x: MISSED\n");
        assertThat(targets)
                .contains("- CPU per message at 10,000 sessions, 16.0 KiB: curl-ws <= 1.2x"
                        + " reactor-netty-1.3-ws: 28.0 vs 20.0 µs, 1.40x: MISSED\n");
    }

    @Test
    void judgesScalingOpeningAndMemory() {
        String targets = WebSocketTargets.render(sweep());

        assertThat(targets)
                .contains("- CPU per message at 10,000 vs 100 sessions, 32 B: curl-ws <= 1.3x:"
                        + " 14.0 vs 10.0 µs, 1.40x: MISSED\n");
        assertThat(targets)
                .contains("- CPU per message at 10,000 vs 100 sessions, 16.0 KiB: curl-ws-1loop <= 1.3x:"
                        + " 60.0 vs 24.0 µs, 2.50x: MISSED\n");
        assertThat(targets)
                .contains("- opening 10,000 sessions: curl-ws <= 1.0x reactor-netty-1.3-ws's time:"
                        + " 4,000 vs 5,000 ms, 0.80x: MET\n");
        assertThat(targets)
                .contains("- memory per idle session at 10,000 sessions: curl-ws <= 2.0x"
                        + " reactor-netty-1.3-ws: 11.7 vs 6.8 KiB, 1.71x: MET\n");
        assertThat(targets).endsWith("\n\nTargets: 4 MET, 10 MISSED, 0 not measured.\n");
    }

    @Test
    void aSweepWithoutTheTargetsSizesSaysNotMeasuredAndOneLoopIsLeftOutWhenPinned() {
        List<WebSocketResult> quick = List.of(result(
                PINNED_17,
                100,
                runs("curl-ws [8.14.1]", 50_000, 10, 50, 9_000),
                runs("reactor-netty-1.2-ws", 60_000, 8, 80, 6_000)));

        String targets = WebSocketTargets.render(quick);

        assertThat(targets).contains("\nJDK 17 (java-17-openjdk-amd64), pinned:\n");
        assertThat(targets).contains("- msg/s at 1,000 sessions, 32 B: curl-ws >= 1.0x Reactor Netty: not measured\n");
        assertThat(targets)
                .contains("- CPU per message at 10,000 vs 100 sessions, 32 B: curl-ws [8.14.1] <= 1.3x:"
                        + " not measured\n");
        assertThat(targets).doesNotContain("curl-ws-1loop");
        assertThat(targets)
                .contains("- opening 100 sessions: curl-ws [8.14.1] <= 1.0x reactor-netty-1.2-ws's time:"
                        + " 50 vs 80 ms, 0.63x: MET\n");
        assertThat(targets).contains("Targets: 2 MET, 0 MISSED, 10 not measured.");
    }

    @Test
    void theTablesMarkThePeerAndCompareTheOthersWithIt() {
        String report = WebSocketReport.render(sweep());

        assertThat(report)
                .contains("| 25 | unpinned | 1,000 | 32 B | reactor-netty-1.2-ws | 75,000 | 75,000–75,000 |"
                        + " 9.0 µs | 9.0–9.0 | peer | peer | 0.10 |");
        assertThat(report)
                .contains("| 25 | unpinned | 1,000 | 32 B | curl-ws | 80,000 | 80,000–80,000 | 11.0 µs |"
                        + " 11.0–11.0 | 1.07× | 1.22× | 0.10 |");
        assertThat(report)
                .contains("| 25 | unpinned | 10,000 | curl-ws | 4,000 ms | 4,000–4,000 ms | 11.7 KiB |"
                        + " 0.80× | 1.71× |");
        assertThat(report)
                .contains("- JDK 25 (temurin-25-jdk-amd64), unpinned, 10,000 sessions: Java 25 FFM;"
                        + " workers' open-file limit 20,000 (hard 20,000).");
    }
}
