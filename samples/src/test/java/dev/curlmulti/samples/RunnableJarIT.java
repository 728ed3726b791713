package dev.curlmulti.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar that {@code bin/download} and {@code bin/sample} start ({@code target/curl-multi-samples.jar},
 * its dependencies in {@code target/lib}), run as a user would, with {@code java -jar} in a child JVM on this
 * test's JDK: it needs nothing else on the class path, carries exactly one SLF4J binding (no "no providers"
 * warning), says which libcurl and which binding it runs on once it loads libcurl, and on Java 22+ that binding
 * is FFM, so the multi-core jar it names in its Class-Path carries it.
 *
 * <p>A failsafe test: it runs after {@code package}, on the jar itself.
 */
@Timeout(180)
class RunnableJarIT {
    private static final Path JAR = Path.of("target/curl-multi-samples.jar");
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    Path dir;

    /** What the child JVM printed, and how it ended. */
    private record Outcome(List<String> command, int exitValue, String stdout, String stderr) {
        String report() {
            return "command: " + command + "\nexit: " + exitValue + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    @Test
    void helpAnswersFromTheJarAloneWithoutALoggingWarning() throws Exception {
        Outcome help = java("--help");

        assertThat(help.exitValue()).as(help.report()).isZero();
        assertThat(help.stdout()).as(help.report()).contains("Usage: download", "--concurrency");
        assertThat(help.stderr()).as(help.report()).doesNotContain("SLF4J");
    }

    @Test
    void aDownloadSaysWhichLibcurlAndBindingItRunsOnAndPrintsNoLoggingWarning() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse().setBody("hello from loopback");
                }
            });
            server.start();
            Path out = dir.resolve("out");

            Outcome run =
                    java("-q", "-o", out.toString(), server.url("/hello.txt").toString());

            assertThat(run.exitValue()).as(run.report()).isZero();
            assertThat(out.resolve("hello.txt")).hasContent("hello from loopback");
            String binding = ModularApp.feature(JAVA_HOME) >= 22 ? "FFM" : "JNA";
            assertThat(run.stderr())
                    .as(run.report())
                    .containsPattern(
                            "libcurl \\d+\\.\\d+\\.\\d+ \\(.*\\) (system|bundled|property) .*, binding " + binding)
                    .doesNotContain("SLF4J");
        }
    }

    private Outcome java(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the runnable jar (run after package)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                JAVA_HOME.resolve("bin/java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, "out", ".txt");
        Path stderr = Files.createTempFile(dir, "err", ".txt");
        Process child = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        boolean exited = child.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }
        return new Outcome(
                command,
                exited ? child.exitValue() : -1,
                Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
