package dev.curlmulti.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsTest {

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
            results.add(new Results.Run("pinned", Workload.A, "curl-flux", rate, 100 * 1024, 500));
        }
        results.add(new Results.Run("pinned", Workload.A, "reactor-netty", 50, 300 * 1024, 900));
        results.add(new Results.Run("pinned", Workload.A, "c", 200, 10 * 1024, -1));
        String report = results.render(List.of("pinned"), List.of(Workload.A));

        assertThat(report).contains("| a | curl-flux | 110 req/s | 100–120 | 100 MiB | 500 B |");
        assertThat(report).contains("| a | curl-flux | 2.20× | – | – | 0.55× | – |");
        assertThat(report).contains("(a) curl-flux >= 1.2x reactor-netty req/s: 2.20: met");
        assertThat(report).contains("(a) curl-flux >= 0.9x the C program: 0.55: MISSED");
        assertThat(report).contains("(a) peak RSS <= half of reactor-netty's (ours/netty shown, target <= 0.5): 0.33: met");
    }
}
