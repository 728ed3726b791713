package dev.curlmulti.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class MultiLoopsTest {
    @Test
    void bothPycurlLoopsDownloadEveryFileFromTheLocalServer() throws Exception {
        try (LocalFileServer server = new LocalFileServer()) {
            List<String> urls = server.sampleUrls(8);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int failures = MultiLoops.run(urls, new PrintStream(printed, true, StandardCharsets.UTF_8));
            String output = printed.toString(StandardCharsets.UTF_8);
            assertThat(failures).isZero();
            assertThat(output).contains("loop 1", "loop 2");
            for (int i = 0; i < 8; i++) {
                int size = 1024 << i;
                // Each size shows up once per loop, with its full length.
                assertThat(output.split(" " + String.format("%8d", size) + " bytes", -1))
                        .hasSize(3);
            }
        }
    }

    @Test
    void aFailingUrlIsReportedAndCounted() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int failures =
                MultiLoops.run(List.of("http://127.0.0.1:1/"), new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(failures).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("CURLE_COULDNT_CONNECT");
    }
}
