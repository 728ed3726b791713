package dev.curlmulti.samples.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The downloader as {@code bin/download} runs it: the runnable jar ({@code target/curl-multi-samples.jar},
 * built by {@code package} before the failsafe tests) started with {@code java -jar} in a process of its own,
 * on this test's JDK, so it can be killed or interrupted like a user's run. Its output goes to files in the
 * test's directory, read for {@link #report()}.
 *
 * <p><b>Threading:</b> one test thread. A process still running when the test ends is killed by
 * {@link #close()}.
 */
final class InterruptProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target/curl-multi-samples.jar");
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    private final List<String> command;
    private final Path stdout;
    private final Path stderr;
    private final Process process;

    private InterruptProcess(List<String> command, Path stdout, Path stderr) throws IOException {
        this.command = command;
        this.stdout = stdout;
        this.stderr = stderr;
        this.process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
    }

    /** Starts {@code java -jar curl-multi-samples.jar ARGS}; {@code label} names its output files. */
    static InterruptProcess start(Path directory, String label, List<String> args) throws IOException {
        assertThat(JAR).as("the runnable jar (run after package)").isRegularFile();
        List<String> command =
                new ArrayList<>(List.of(JAVA.toString(), "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString()));
        command.addAll(args);
        return new InterruptProcess(
                command, directory.resolve(label + ".out.txt"), directory.resolve(label + ".err.txt"));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as when the machine's OOM killer or a {@code kill -9} ends the run: no handler runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGINT, as Ctrl-C in a terminal sends it; returns without waiting for the exit. */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        assertThat(kill.waitFor()).as("kill -INT %d", process.pid()).isZero();
    }

    /** The exit code, waiting up to {@code seconds} for it; -1 (and the process killed) if it did not exit. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            return -1;
        }
        return process.exitValue();
    }

    /** The command, its exit (when it ended) and everything it printed, for assertion messages. */
    String report() {
        try {
            return "command: " + String.join(" ", command)
                    + "\nexit: " + (process.isAlive() ? "still running" : process.exitValue())
                    + "\nstdout:\n" + Files.readString(stdout, StandardCharsets.UTF_8)
                    + "\nstderr:\n" + Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "command: " + String.join(" ", command) + " (output unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
