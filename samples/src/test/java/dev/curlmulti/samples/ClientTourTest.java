package dev.curlmulti.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class ClientTourTest {
    @Test
    void theTourRunsEveryExampleToCompletion() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LocalFileServer server = new LocalFileServer()) {
            ClientTour.run(server, new PrintStream(printed, true, StandardCharsets.UTF_8));
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output)
                .contains(
                        "1. GET: 64 characters",
                        "2. streamed body: 8388608 bytes",
                        "3. POST answered 200",
                        "5. downloaded 1048576 bytes",
                        "6. 32 requests, " + (32 * 1000 + 31 * 32 / 2) + " bytes");
        assertThat(output).containsPattern("4\\. timings \\(µs\\): TransferTimings\\[nameLookup=\\d+");
    }
}
