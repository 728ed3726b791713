package dev.curlmulti.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The timed runs' own reports, and CPU per request (per MiB on the large bodies) made of them. */
class SampleTest {

    @Test
    void readsTheWorkersFetchAnswer() {
        Sample sample = Sample.fromWorker("2000000000 51200 350000 120000 1500000000".split(" "));
        assertThat(sample).isEqualTo(new Sample(2_000_000_000L, 51_200, 350_000, 120_000, 1_500_000_000L));
        // 1.5 s of CPU over 50 requests.
        assertThat(sample.cpuMicrosPerUnit(Workload.A, 50)).isEqualTo(30_000.0);
        assertThatThrownBy(() -> Sample.fromWorker("1 2 3 4".split(" "))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheCProgramsLineWithAndWithoutItsCpu() {
        Sample sample = Sample.fromC("700000000 1073741824 9000 512000000\n");
        assertThat(sample).isEqualTo(new Sample(700_000_000L, 1L << 30, -1, 9000, 512_000_000L));
        // 0.512 s of CPU for 1,024 MiB: 500 µs per MiB, whatever the number of requests.
        assertThat(sample.cpuMicrosPerUnit(Workload.C, 1)).isEqualTo(500.0);
        assertThat(Sample.fromC("700000000 1073741824 9000").cpuMicrosPerUnit(Workload.C, 1))
                .isEqualTo(-1);
        assertThat(sample.allocatedPerUnit(Workload.C, 1)).isEqualTo(-1);
    }

    @Test
    void heapAllocatedPerRequestAndPerMebibyte() {
        // (d): 4 x 1 MiB with 6 MiB allocated is 1.5 MiB per MiB received.
        Sample large = new Sample(1_000_000, 4L << 20, 6L << 20, 1000, 1_000_000);
        assertThat(large.allocatedPerUnit(Workload.D, 4)).isEqualTo(1.5 * 1048576);
        // (a): per request.
        Sample small = new Sample(1_000_000, 50 * 1024, 100_000, 1000, 1_000_000);
        assertThat(small.allocatedPerUnit(Workload.A, 50)).isEqualTo(2000.0);
    }
}
