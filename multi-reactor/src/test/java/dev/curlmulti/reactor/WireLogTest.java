package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wire log as SLF4J prints it, read from a child JVM (the logger's level is fixed when SLF4J
 * starts): heads and connection events at DEBUG with credentials redacted, body bytes at TRACE cut
 * to the limit, nothing at all when it is off.
 */
@Timeout(120)
class WireLogTest {

    private static String run(boolean wiretap, String level) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.logFile=System.out",
                "-Dorg.slf4j.simpleLogger.log." + WireLog.LOGGER + "=" + level));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add(WireLogProbe.class.getName());
        command.add(Boolean.toString(wiretap));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("probe done");
        return output;
    }

    @Test
    void atDebugTheHeadsAndEventsAreLoggedWithCredentialsRedacted() throws Exception {
        String log = run(true, "debug");
        assertThat(log)
                .contains(
                        "> GET /secret-page HTTP/1.1",
                        "> X-Plain: visible",
                        "< HTTP/1.1 200 OK",
                        "> Authorization: [redacted]",
                        "> Cookie: [redacted]",
                        "< Set-Cookie: [redacted]");
        // libcurl's own words change: 7.88 and 8.14 say "* Connected to", 8.22 "* Established connection to";
        // 7.88 "Re-using existing connection", 8.14 "Re-using existing http: connection", 8.22 "Reusing existing".
        assertThat(log).containsAnyOf("* Connected to", "* Established connection to");
        assertThat(log).containsAnyOf("Re-using existing", "Reusing existing");
        assertThat(log).doesNotContain("token-secret", "cookie-secret", "server-secret");
        assertThat(log).as("no body bytes at DEBUG").doesNotContain("response-body-", "request-body-text");
    }

    @Test
    void atTraceBodyBytesAreLoggedCutToTheLimit() throws Exception {
        String log = run(true, "trace");
        assertThat(log).contains("request-body-text", "response-body-bbbb");
        String responseLine = log.lines()
                .filter(line -> line.contains("response-body-"))
                .findFirst()
                .orElseThrow();
        assertThat(responseLine).endsWith("...").hasSizeLessThan(WireLog.DATA_LIMIT + 200);
        assertThat(log).doesNotContain("token-secret", "cookie-secret", "server-secret");
    }

    @Test
    void theLoggerLevelAloneTurnsItOnAndWithoutEitherNothingIsLogged() throws Exception {
        assertThat(run(false, "debug")).contains("> GET /secret-page HTTP/1.1", "> Authorization: [redacted]");
        String quiet = run(false, "info");
        assertThat(quiet).doesNotContain("> GET", "< HTTP/1.1", "[#");
    }
}
