package dev.curlmulti.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    /** The CPU clock resolves far below the 10 ms clock tick, so short runs are not rounded to ticks. */
    @Test
    void processCpuTimeAdvancesInFinerStepsThanClockTicks() {
        long before = ProcessStats.processCpuNanos();
        long giveUp = System.nanoTime() + 10_000_000_000L;
        long spent;
        do {
            spent = ProcessStats.processCpuNanos() - before;
        } while (spent < 30_000_000 && System.nanoTime() < giveUp);
        assertThat(spent).isGreaterThanOrEqualTo(30_000_000L);
        assertThat(spent % 10_000_000).isNotZero();
    }
}
