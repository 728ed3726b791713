package dev.curlmulti.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.TryHandles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without a usable libcurl every handle creation says what is missing and what to do, not only the first. */
class MissingLibcurlTest {
    @Test
    void everyHandleCreationFailsWithTheLoadersMessageWhenLibcurlIsMissing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Ddev.curlmulti.libcurl=/nonexistent/libcurl.so.4",
                        TryHandles.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.startsWith("Curl"))
                .toList();
        assertThat(lines)
                .hasSize(6)
                .allSatisfy(line -> assertThat(line)
                        .contains("java.lang.UnsatisfiedLinkError: libcurl could not be loaded")
                        .contains("/nonexistent/libcurl.so.4")
                        .contains("apt-get install libcurl4"));
    }
}
