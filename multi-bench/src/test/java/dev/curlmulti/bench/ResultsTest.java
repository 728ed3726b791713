package dev.curlmulti.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTest {
    static final Section PINNED_17 = new Section("pinned", new Jdk(Path.of("/usr/lib/jvm/java-17-openjdk-amd64"), 17));

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Results.median(List.of(3.0, 1.0, 2.0), v -> v)).isEqualTo(2.0);
        assertThat(Results.median(List.of(4.0, 1.0, 2.0, 3.0), v -> v)).isEqualTo(2.5);
        assertThat(Results.median(List.<Double>of(), v -> v)).isNaN();
    }

    @Test
    void reportsRatiosAndJudgesTargets() {
        Results results = new Results();
        for (double rate : new double[] {100, 120, 110}) {
            results.add(new Results.Run(PINNED_17, Workload.A, "curl-flux", rate, 100 * 1024, 500, rate / 4));
        }
        results.add(new Results.Run(PINNED_17, Workload.A, "reactor-netty", 50, 300 * 1024, 900, 40));
        results.add(new Results.Run(PINNED_17, Workload.A, "c", 200, 10 * 1024, -1, 11));
        results.add(new Results.Run(PINNED_17, Workload.A, "wrk", 220, -1, -1, -1));
        results.binding(PINNED_17, "17.0.15+6", "JNA 5.18.1");
        String report = results.render(List.of(PINNED_17), List.of(Workload.A));

        assertThat(report)
                .contains("- JDK 17 (java-17-openjdk-amd64) at /usr/lib/jvm/java-17-openjdk-amd64: "
                        + "Java 17.0.15+6, JNA 5.18.1 binding");
        assertThat(report)
                .contains("### JDK 17 (java-17-openjdk-amd64), pinned\n\n"
                        + "Workers: Java 17.0.15+6, JNA 5.18.1 binding for our clients.");
        assertThat(report)
                .contains(
                        "| a | curl-flux | 110 req/s | 100–120 | 27.5 µs/req" + " | 25.0–30.0 | 500 B/req | 100 MiB |");
        assertThat(report).contains("| a | wrk | 220 req/s | 220–220 | – | – | – | – |");
        // Columns for the clients measured in the section only, the fastest Reactor Netty first.
        assertThat(report)
                .contains("| workload | ours | vs fastest Reactor Netty | vs reactor-netty | vs c | vs wrk |");
        assertThat(report).contains("| a | curl-flux | 2.20× (reactor-netty) | 2.20× | 0.55× | 0.50× |");
        // CPU: 27.5 µs per request against the C program's 11: 2.5 times the C program's.
        assertThat(report).contains("| a | curl-flux | 27.5 µs/req | 11.0 µs/req | 2.50× | – | – |");
        assertThat(report).contains("Targets (first goals):");
        assertThat(report).contains("(a) curl-flux >= 1.2x reactor-netty req/s: 2.20: met");
        assertThat(report).contains("(a) curl-flux >= 0.9x the C program: 0.55: MISSED");
        assertThat(report)
                .contains("(a) peak RSS <= half of reactor-netty's (ours/netty shown, target <= 0.5): 0.33: met");
    }

    @Test
    void largeBodiesShowCpuPerMebibyte() {
        Results results = new Results();
        // 1.06 MiB of heap per MiB received: the body copied once, and a little more.
        results.add(
                new Results.Run(PINNED_17, Workload.C, "curl-flux", 1500 * 1048576.0, 200 * 1024, 1.06 * 1048576, 700));
        results.add(new Results.Run(PINNED_17, Workload.C, "c", 2000 * 1048576.0, 20 * 1024, -1, 350));
        String report = results.render(List.of(PINNED_17), List.of(Workload.C));

        assertThat(report)
                .contains("| c | curl-flux | 1,500 MiB/s | 1,500–1,500 | 700 µs/MiB | 700–700"
                        + " | 1.06 MiB/MiB | 200 MiB |");
        assertThat(report).contains("| c | curl-flux | 700 µs/MiB | 350 µs/MiB | 2.00× | – | – |");
    }

    @Test
    void comparesWithTheFasterReactorNettyAndShowsBoth() {
        Results results = new Results();
        results.add(
                new Results.Run(PINNED_17, Workload.D, "curl-flux", 1200 * 1048576.0, 200 * 1024, 1.1 * 1048576, 400));
        results.add(new Results.Run(PINNED_17, Workload.D, "reactor-netty", 1000 * 1048576.0, 300 * 1024, 20_000, 300));
        results.add(
                new Results.Run(PINNED_17, Workload.D, "reactor-netty-1.3", 1500 * 1048576.0, 300 * 1024, 30_000, 250));
        results.versions(
                PINNED_17,
                "reactor-netty-1.3",
                Map.of("reactor-netty", "1.3.8", "netty", "4.2.18.Final", "spring", "7.0.10"));
        results.versions(PINNED_17, "curl-flux", Map.of("reactor-core", "3.7.19", "netty", "4.1.135.Final"));
        String report = results.render(List.of(PINNED_17), List.of(Workload.D));

        assertThat(results.fastestReactorNetty(PINNED_17, Workload.D)).isEqualTo("reactor-netty-1.3");
        assertThat(results.fastestReactorNetty(PINNED_17, Workload.A)).isEqualTo("reactor-netty");
        assertThat(report).contains("| d | curl-flux | 0.80× (reactor-netty-1.3) | 1.20× | 0.80× |");
        assertThat(report)
                .contains("| d | reactor-netty-1.3 | 1,500 MiB/s | 1,500–1,500 | 250 µs/MiB | 250–250"
                        + " | 29.3 KiB/MiB | 300 MiB |");
        assertThat(report).contains("- (d) curl-flux >= 1.0x reactor-netty-1.3: 0.80: MISSED");
        // Each client's own libraries, as its worker loaded them; not everything on its class path.
        assertThat(report)
                .contains("- reactor-netty-1.3: Reactor Netty 1.3.8, Netty 4.2.18.Final\n")
                .contains("- curl-flux: Reactor Core 3.7.19\n");
    }

    @Test
    void showsOurClientsOncePerLibcurlAndJudgesTheTargetsOnEach() {
        Results results = new Results();
        results.add(new Results.Run(PINNED_17, Workload.A, "curl-flux [8.14.1]", 100, 100 * 1024, 500, 25));
        results.add(new Results.Run(PINNED_17, Workload.A, "curl-flux [bundled 8.22.0]", 150, 100 * 1024, 500, 20));
        results.add(new Results.Run(PINNED_17, Workload.A, "reactor-netty", 50, 300 * 1024, 900, 40));
        results.add(new Results.Run(PINNED_17, Workload.A, "c [8.14.1]", 200, 10 * 1024, -1, 10));
        results.add(new Results.Run(PINNED_17, Workload.A, "c [bundled 8.22.0]", 250, 10 * 1024, -1, 8));
        String report = results.render(List.of(PINNED_17), List.of(Workload.A));

        assertThat(report)
                .contains("| a | curl-flux [8.14.1] | 100 req/s |", "| a | curl-flux [bundled 8.22.0] | 150 req/s |");
        assertThat(report)
                .contains("| workload | ours | vs fastest Reactor Netty | vs reactor-netty | vs c [8.14.1]"
                        + " | vs c [bundled 8.22.0] |");
        assertThat(report)
                .contains("| a | curl-flux [bundled 8.22.0] | 3.00× (reactor-netty)" + " | 3.00× | 0.75× | 0.60× |");
        // CPU against the C program on the same libcurl: 20 µs against 8.
        assertThat(report).contains("| a | curl-flux [bundled 8.22.0] | 20.0 µs/req | 8.0 µs/req | 2.50× |");
        // The targets once per libcurl, each against that libcurl's C program and the same peers.
        String old = report.substring(
                report.indexOf("#### Targets on libcurl 8.14.1"),
                report.indexOf("#### Targets on libcurl bundled 8.22.0"));
        String bundled = report.substring(report.indexOf("#### Targets on libcurl bundled 8.22.0"));
        assertThat(old)
                .contains(
                        "(a) curl-flux >= 0.9x the C program: 0.50: MISSED",
                        "(a) curl-flux >= 1.2x reactor-netty req/s: 2.00: met");
        assertThat(bundled)
                .contains(
                        "(a) curl-flux >= 0.9x the C program: 0.60: MISSED",
                        "(a) curl-flux >= 1.2x reactor-netty req/s: 3.00: met");
    }
}
