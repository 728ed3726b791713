package dev.curlmulti.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * What {@code bin/bench-websocket} needs of the open-file limit ({@link OpenFiles}): read from a
 * {@code /proc/PID/limits} text, one client's sessions plus a margin per process, and a refusal that
 * says what to raise.
 */
class WebSocketOpenFilesTest {
    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max open files            1024                 20000                files
            Max locked memory         8388608              8388608              bytes
            """;

    @Test
    void readsTheOpenFilesLine() {
        OpenFiles limits = OpenFiles.parse(LIMITS);

        assertThat(limits).isEqualTo(new OpenFiles(1024, 20_000));
        assertThat(limits.describe()).isEqualTo("1,024 (hard 20,000)");
        assertThat(OpenFiles.parse(LIMITS.replace("1024                 20000", "unlimited unlimited"))
                        .hard())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(OpenFiles.current().hard()).isPositive();
    }

    @Test
    void tenThousandSessionsFitAHardLimitOfTwentyThousand() {
        assertThat(OpenFiles.needed(10_000)).isEqualTo(10_000 + OpenFiles.MARGIN);
        assertThatCode(() -> new OpenFiles(20_000, 20_000).require(10_000)).doesNotThrowAnyException();
        assertThatCode(() -> new OpenFiles(20_000, 20_000).requireSoft("the echo server", 10_000))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesALimitBelowTheLargestSessionCountWithWhatToDo() {
        assertThatThrownBy(() -> new OpenFiles(4096, 8192).require(10_000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("10,000 sessions need an open-file limit of at least 10,256")
                .hasMessageContaining("the hard limit here is 8,192 (ulimit -Hn)")
                .hasMessageContaining("--sessions=");
        assertThatThrownBy(() -> new OpenFiles(1024, 20_000).requireSoft("curl-ws's worker", 1_000))
                .hasMessageContaining("curl-ws's worker may open 1,024 files (ulimit -n)")
                .hasMessageContaining("run through bin/bench-websocket");
    }
}
