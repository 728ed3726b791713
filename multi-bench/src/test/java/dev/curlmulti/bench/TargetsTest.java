package dev.curlmulti.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verdicts of the native-speed, metrics-cost and pooled-body targets, per JDK section: FFM-only targets, the Reactor Netty goal by JDK, the sweep,
 * the meters' cost, the pooled body form against Reactor Netty and the C program.
 */
class TargetsTest {
    private static final Section JDK_25 =
            new Section("unpinned", new Jdk(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"), 25));
    private static final double MIB = 1048576;
    private static final Section JDK_17 =
            new Section("unpinned", new Jdk(Path.of("/usr/lib/jvm/java-17-openjdk-amd64"), 17));

    private static void run(Results results, Section section, Workload workload, String client, double rate) {
        results.add(new Results.Run(section, workload, client, rate, 100 * 1024, 800, 10));
    }

    @Test
    void judgesTheNativeSpeedTargetsOnAnFfmJdk() {
        Results results = new Results();
        run(results, JDK_25, Workload.A, "curl-flux", 95);
        run(results, JDK_25, Workload.A, "c", 100);
        run(results, JDK_25, Workload.A, "reactor-netty", 80);
        run(results, JDK_25, Workload.A, "jetty", 100);
        run(results, JDK_25, Workload.A, "webclient-curl", 60);
        run(results, JDK_25, Workload.A, "webclient-netty", 40);
        // (b) one at a time: 1,000 req/s against the C program's 1,050 is 1.05x its time per request.
        run(results, JDK_25, Workload.B, "curl-flux", 1000);
        run(results, JDK_25, Workload.B, "c", 1050);
        String targets = Targets.nativeSpeed(results, JDK_25);

        assertThat(targets).startsWith("\nTargets (native speed):\n");
        assertThat(targets).contains("- (a) curl-flux >= 0.9x the C program: 0.95: met");
        assertThat(targets).contains("- (b) curl-flux time per request <= 1.1x the C program's: 1.05: met");
        assertThat(targets).contains("- (a) curl-flux >= 1.2x reactor-netty: 1.19: MISSED");
        assertThat(targets).contains("- (a) curl-flux >= 1.0x jetty: 0.95: MISSED");
        assertThat(targets).contains("- (a) curl-flux >= 1.0x jdk: not measured");
        assertThat(targets).contains("- (e) curl-flux >= 0.9x the C program: not measured");
        assertThat(targets).contains("- (a) webclient-curl >= 1.2x webclient-netty: 1.50: met");
        assertThat(targets).contains("- (c) webclient-curl >= 1.2x webclient-netty: not measured");
        assertThat(targets).contains("- (a) curl-flux heap allocated per request <= 1024 B: 800 B: met");
        assertThat(targets)
                .contains("- (c) libcurl's ceiling, the C program / reactor-netty (no target): not measured");
    }

    @Test
    void reactorNettyTargetsUseTheFasterGenerationOnEachWorkload() {
        Results results = new Results();
        run(results, JDK_25, Workload.A, "curl-flux", 95);
        run(results, JDK_25, Workload.A, "reactor-netty", 80);
        run(results, JDK_25, Workload.A, "reactor-netty-1.3", 100);
        run(results, JDK_25, Workload.C, "curl-flux", 1500);
        run(results, JDK_25, Workload.C, "reactor-netty", 1200);
        run(results, JDK_25, Workload.C, "reactor-netty-1.3", 1000);
        run(results, JDK_25, Workload.C, "c", 1800);
        run(results, JDK_25, Workload.A, "webclient-curl-spring7", 60);
        run(results, JDK_25, Workload.A, "webclient-netty-spring7", 40);
        String targets = Targets.nativeSpeed(results, JDK_25);

        assertThat(targets).contains("- (a) curl-flux >= 1.2x reactor-netty-1.3: 0.95: MISSED");
        assertThat(targets).contains("- (c) curl-flux >= 1.2x reactor-netty: 1.25: met");
        assertThat(targets).contains("- (c) libcurl's ceiling, the C program / reactor-netty (no target): 1.50");
        assertThat(targets).contains("- (a) webclient-curl-spring7 >= 1.2x webclient-netty-spring7: 1.50: met");
        // The Spring 7 pair says nothing where it did not run; the Spring 6.2 pair says "not measured".
        assertThat(targets).doesNotContain("(c) webclient-curl-spring7");
        assertThat(targets).contains("- (c) webclient-curl >= 1.2x webclient-netty: not measured");
        assertThat(Targets.firstGoals(results, JDK_25))
                .contains("- (a) curl-flux >= 1.2x reactor-netty-1.3 req/s: 0.95: MISSED");
    }

    @Test
    void belowJdk22OnlyThePeerTargetsAtOneTimes() {
        Results results = new Results();
        run(results, JDK_17, Workload.A, "curl-flux", 95);
        run(results, JDK_17, Workload.A, "c", 100);
        run(results, JDK_17, Workload.A, "reactor-netty", 80);
        String targets = Targets.nativeSpeed(results, JDK_17);

        assertThat(targets).doesNotContain("the C program:").doesNotContain("time per request");
        assertThat(targets).contains("- (a) curl-flux >= 1.0x reactor-netty: 1.19: met");
        // A section judges only its own runs: nothing from JDK 17 counts for JDK 25.
        assertThat(Targets.nativeSpeed(results, JDK_25))
                .contains("- (a) curl-flux >= 1.2x reactor-netty: not measured");
    }

    @Test
    void showsLibcurlsCeilingWhenTheCProgramIsBelowReactorNetty() {
        Results results = new Results();
        run(results, JDK_25, Workload.C, "c", 1500);
        run(results, JDK_25, Workload.C, "reactor-netty", 2000);

        assertThat(Targets.nativeSpeed(results, JDK_25))
                .contains("- (c) libcurl's ceiling, the C program / reactor-netty "
                        + "(no target): 0.75; libcurl itself is below reactor-netty here, "
                        + "so curl-flux >= 1.2x reactor-netty "
                        + "on (c) asks for more than libcurl delivers");
    }

    @Test
    void theCTargetUsesTheReceiveBufferThatServesTheCProgramBest() {
        Results results = new Results();
        run(results, JDK_25, Workload.C, "curl-flux", 1000);
        run(results, JDK_25, Workload.C, "c", 1500);
        for (int size : new int[] {16384, 262144, 524288}) {
            double c = (size == 262144 ? 3000 : 2000) * MIB;
            results.add(new Results.SweepRun(JDK_25, size, "c", c));
            results.add(new Results.SweepRun(JDK_25, size, "curl-flux", 2800 * MIB));
            results.add(new Results.SweepRun(JDK_25, size, "curl-multi", 2900 * MIB));
        }

        assertThat(results.bestSweepSizeForC(JDK_25)).hasValue(262144);
        assertThat(Targets.nativeSpeed(results, JDK_25))
                .contains("- (c) curl-flux >= 0.9x the C program, both at a "
                        + "256 KiB receive buffer (the sweep's best for the C program): 0.93: met");
        String report = results.render(List.of(JDK_25), List.of(Workload.C));
        assertThat(report).contains("| 256 KiB | 2,800 | 2,900 | 3,000 | 0.93× |");
        assertThat(report).contains("| 16 KiB | 2,800 | 2,900 | 2,000 | 1.40× |");
        assertThat(report).contains("Best for the C program: 256 KiB");
    }

    @Test
    void judgesTheMetricsOverheadAgainstTheClientsDefaults() {
        Results results = new Results();
        results.add(new Results.Run(JDK_17, Workload.A, "curl-flux", 100, 100 * 1024, 800, 20.0));
        results.add(new Results.Run(JDK_17, Workload.A, "curl-flux-timings", 98, 100 * 1024, 800, 20.5));
        results.add(new Results.Run(JDK_17, Workload.A, "curl-flux-metrics", 90, 100 * 1024, 800, 22.0));

        assertThat(Targets.metricsCost(results, JDK_17))
                .contains("- (a) metrics on: CPU per request <= 1.05x the client's defaults (timings on)"
                        + " (22.0 vs 20.5 µs): 1.07: MISSED")
                .contains("- (a) metrics on: throughput >= 0.95x the client's defaults: 0.92: MISSED")
                .contains("against timings off (no target): CPU 1.10x (22.0 vs 20.0 µs), throughput 0.90x");
        assertThat(Targets.metricsCost(new Results(), JDK_17)).isEmpty();
    }

    @Test
    void judgesThePooledBodyTargets() {
        Results results = new Results();
        run(results, JDK_17, Workload.C, "curl-chunks", 1900 * MIB);
        run(results, JDK_17, Workload.C, "reactor-netty", 1800 * MIB);
        run(results, JDK_17, Workload.C, "reactor-netty-1.3", 2000 * MIB);
        run(results, JDK_17, Workload.C, "c", 2000 * MIB);
        run(results, JDK_17, Workload.D, "curl-chunks", 1500 * MIB);
        run(results, JDK_17, Workload.D, "reactor-netty", 1400 * MIB);
        run(results, JDK_17, Workload.D, "c", 1200 * MIB);
        run(results, JDK_17, Workload.D, "curl-file", 900 * MIB);
        run(results, JDK_17, Workload.D, "c-file", 1000 * MIB);
        run(results, JDK_17, Workload.C, "webclient-curl-spring7", 1000 * MIB);
        run(results, JDK_17, Workload.C, "webclient-netty-spring7", 1100 * MIB);
        run(results, JDK_17, Workload.A, "curl-chunks", 105);
        run(results, JDK_17, Workload.A, "curl-flux", 100);
        run(results, JDK_17, Workload.A, "reactor-netty", 80);
        String targets = Targets.pooledBodies(results, JDK_17);

        assertThat(targets)
                .startsWith("\nTargets (pooled bodies):\n")
                .contains("- (c) curl-chunks >= 1.0x reactor-netty-1.3: 0.95: MISSED")
                .contains("- (c) curl-chunks >= 0.9x the C program (plain c at the run's receive buffer: no "
                        + "receive-buffer sweep): 0.95: met")
                .contains("- (c) webclient-curl-spring7 >= 1.0x webclient-netty-spring7: 0.91: MISSED")
                // (d): the C program below Reactor Netty, so the Reactor Netty line is information.
                .contains("- (d) curl-chunks >= 1.0x reactor-netty: 1.07 (C program below reactor-netty: target is "
                        + "the C program)")
                .contains("- (d) the C program (plain c at the run's receive buffer: no receive-buffer sweep), "
                        + "1,200 MiB/s, is below reactor-netty, 1,400 MiB/s (0.86x): the C program's figure is the "
                        + "target")
                .contains("- (d) curl-chunks >= 0.9x the C program (plain c at the run's receive buffer: no "
                        + "receive-buffer sweep): 1.25: met")
                .contains("- (d) curl-file >= 0.9x the C program writing files (c-file): 0.90: met")
                .contains("- (c) curl-chunks heap allocated per MiB received <= 64 KiB: 800 B: met")
                .contains("- (a) against reactor-netty (no target: keep today's figures): curl-chunks 1.31x, "
                        + "curl-flux 1.25x")
                .contains("- (b) against reactor-netty (no target: keep today's figures): curl-chunks not measured, "
                        + "curl-flux not measured")
                .doesNotContain("(d) webclient-curl-spring7");
    }

    @Test
    void thePooledBodyCTargetUsesTheCProgramsBestReceiveBuffer() {
        Results results = new Results();
        run(results, JDK_25, Workload.C, "curl-chunks", 2700 * MIB);
        run(results, JDK_25, Workload.C, "reactor-netty", 2000 * MIB);
        run(results, JDK_25, Workload.C, "c", 2000 * MIB);
        results.add(new Results.SweepRun(JDK_25, 16384, "c", 2000 * MIB));
        results.add(new Results.SweepRun(JDK_25, 262144, "c", 3000 * MIB));
        results.add(new Results.Run(JDK_25, Workload.D, "c", 1000 * MIB, 100 * 1024, -1, 10));

        assertThat(Targets.pooledBodies(results, JDK_25))
                .contains("- (c) curl-chunks >= 1.0x reactor-netty: 1.35: met")
                .contains("- (c) curl-chunks >= 0.9x the C program (at its best receive buffer, 256 KiB in the sweep): "
                        + "0.90: met")
                .contains("- (d) curl-chunks >= 0.9x the C program (plain c at the run's receive buffer: the sweep "
                        + "covers (c) only): not measured")
                .contains("- (c) curl-chunks heap allocated per MiB received <= 64 KiB: 800 B: met");
        results.add(new Results.Run(JDK_17, Workload.C, "curl-chunks", 2700 * MIB, 100 * 1024, 70 * 1024, 10));
        assertThat(Targets.pooledBodies(results, JDK_17))
                .contains("- (c) curl-chunks heap allocated per MiB received <= 64 KiB: 70.0 KiB: MISSED")
                .contains("- (c) curl-chunks >= 1.0x reactor-netty: not measured");
    }
}
