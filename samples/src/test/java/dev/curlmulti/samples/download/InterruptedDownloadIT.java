package dev.curlmulti.samples.download;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is lost when a run of {@code bin/download} is interrupted: the runnable jar, started as its own
 * process, is killed (SIGKILL) or interrupted (SIGINT) mid-way, and the same command run again ends with
 * every file complete and verified against the server's SHA-256, no part file left, and the part files of
 * the first run continued with Range requests rather than fetched again. A large file fetched in segments
 * ({@code --split}) and killed mid-way likewise ends whole and verified.
 *
 * <p>Determinism: the server (nginx on loopback, {@link InterruptServer}) is throttled during the first run
 * so it cannot finish for seconds after the point the test waits for (some files complete, some part files
 * holding data: a file-system condition, polled), and the test asserts it did not finish; the throttle is
 * lifted for the rerun, which keeps each case to a few seconds, most of them two JVM starts.
 *
 * <p>A failsafe test: it runs after {@code package}, on the jar {@code bin/download} starts.
 */
@Timeout(120)
class InterruptedDownloadIT {
    /** Per response while throttled: a 1 MiB file takes at least 7 s (nginx sends a second's worth at once). */
    private static final int THROTTLED_BYTES_PER_SECOND = 128 * 1024;

    private static final int SMALL_FILES = 4;
    private static final int LARGE_FILES = 36;
    private static final int SMALL = 16 * 1024;
    private static final int LARGE = 1 << 20;
    /** A part file this long shows a transfer well under way at the kill. */
    private static final long PART_UNDER_WAY = 32 * 1024;

    /** Per segment while throttled: four need 15 s for the large file. */
    private static final int SEGMENT_BYTES_PER_SECOND = 256 * 1024;

    private static final int BIG = 16 << 20;
    /** Two MiB of the large file on disk: a few hundred KiB per segment, a sixteenth of the file's time. */
    private static final long SEGMENTS_UNDER_WAY = 2 << 20;

    @TempDir
    Path dir;

    @Test
    void aKilledRunRunAgainWithTheSameCommandEndsWithEveryFileVerifiedAndContinuesItsPartFiles() throws Exception {
        try (InterruptServer server = new InterruptServer(dir.resolve("server"), THROTTLED_BYTES_PER_SECOND)) {
            List<InterruptServer.Served> files = manyFiles(server);
            InterruptOutput output = new InterruptOutput(dir.resolve("out"));
            List<String> command = command(server, files, output);
            Map<String, Long> parts;
            try (InterruptProcess first = InterruptProcess.start(dir, "first", command)) {
                awaitSomeCompleteAndSomeUnderWay(first, output, files);
                first.kill();
                assertThat(first.awaitExit(0))
                        .as("SIGKILL's exit code\n%s", first.report())
                        .isEqualTo(137);
                parts = assertStoppedMidWayKeepingGoodParts(output, files, first.report());
            }
            assertRerunCompletesAndContinuesParts(server, output, files, parts, command);
        }
    }

    @Test
    void anInterruptedRunExits130KeepingItsPartFilesAndTheRerunCompletesThem() throws Exception {
        try (InterruptServer server = new InterruptServer(dir.resolve("server"), THROTTLED_BYTES_PER_SECOND)) {
            List<InterruptServer.Served> files = manyFiles(server);
            InterruptOutput output = new InterruptOutput(dir.resolve("out"));
            List<String> command = command(server, files, output);
            Map<String, Long> parts;
            try (InterruptProcess first = InterruptProcess.start(dir, "first", command)) {
                awaitSomeCompleteAndSomeUnderWay(first, output, files);
                first.interrupt();
                assertThat(first.awaitExit(60))
                        .as("exit code after SIGINT\n%s", first.report())
                        .isEqualTo(130);
                parts = assertStoppedMidWayKeepingGoodParts(output, files, first.report());
            }
            assertRerunCompletesAndContinuesParts(server, output, files, parts, command);
        }
    }

    /**
     * One large file in four segments ({@code --split 4}), killed once two of its 16 MiB are in place: the
     * rerun ends with the whole file verified. Throttled, the four connections need 15 s for the file, and the
     * kill comes about a second in. The segments' bytes on disk are checked to be the server's or holes.
     */
    @Test
    void aSegmentedDownloadKilledMidWayThenRunAgainEndsWithTheWholeFileVerified() throws Exception {
        try (InterruptServer server = new InterruptServer(dir.resolve("server"), SEGMENT_BYTES_PER_SECOND)) {
            InterruptServer.Served big = server.serve("big.bin", BIG);
            InterruptOutput output = new InterruptOutput(dir.resolve("out"));
            Path part = output.directory().resolve("big.bin.part");
            List<String> command =
                    List.of("-q", "--split", "4", "-o", output.directory().toString(), server.url("big.bin"));
            try (InterruptProcess first = InterruptProcess.start(dir, "first", command)) {
                Await.until(
                        Duration.ofSeconds(60),
                        () -> !first.isAlive() || output.bytesInPlace(big, part) >= SEGMENTS_UNDER_WAY,
                        SEGMENTS_UNDER_WAY + " bytes of big.bin in place in big.bin.part");
                assertThat(first.isAlive())
                        .as("the first run still running when the test kills it\n%s", first.report())
                        .isTrue();
                first.kill();
                assertThat(output.names())
                        .as("the first run's files\n%s", first.report())
                        .doesNotContain("big.bin");
                for (String name : output.names()) {
                    if (name.startsWith("big.bin.") && name.endsWith(".part")) {
                        output.assertNothingMisplaced(big, output.directory().resolve(name));
                    }
                }
                // Aborted requests are logged once nginx notices the closed connection: wait for them.
                Await.value(
                        Duration.ofSeconds(30),
                        server::firstRunRequests,
                        logged -> logged.stream()
                                        .filter(r -> r.path().equals("big.bin")
                                                && r.method().equals("GET"))
                                        .count()
                                >= 2,
                        "the killed run's GETs of big.bin in nginx's log, two or more (segments)");
            }
            server.liftThrottle();
            try (InterruptProcess rerun = InterruptProcess.start(dir, "rerun", command)) {
                assertThat(rerun.awaitExit(90))
                        .as("the rerun's exit code\n%s", rerun.report())
                        .isZero();
                output.assertEveryFileCompleteAndNothingElse(List.of(big), rerun.report());
            }
        }
    }

    /** Four small files first, so some complete while the large ones are still trickling. */
    private static List<InterruptServer.Served> manyFiles(InterruptServer server) {
        List<InterruptServer.Served> files = new ArrayList<>();
        for (int i = 0; i < SMALL_FILES + LARGE_FILES; i++) {
            files.add(
                    i < SMALL_FILES
                            ? server.serve("small-%02d.bin".formatted(i), SMALL)
                            : server.serve("large-%02d.bin".formatted(i), LARGE));
        }
        return files;
    }

    /** The same command for both runs: the URLs from a list file, 16 at a time, no progress bar. */
    private List<String> command(InterruptServer server, List<InterruptServer.Served> files, InterruptOutput output)
            throws IOException {
        Path urls = dir.resolve("urls.txt");
        Files.write(urls, files.stream().map(f -> server.url(f.name())).toList());
        return List.of("-q", "-c", "16", "-o", output.directory().toString(), "-i", urls.toString());
    }

    private static void awaitSomeCompleteAndSomeUnderWay(
            InterruptProcess first, InterruptOutput output, List<InterruptServer.Served> files) {
        Await.until(
                Duration.ofSeconds(60),
                () -> !first.isAlive()
                        || (!output.complete(files).isEmpty()
                                && output.parts().values().stream()
                                                .filter(size -> size >= PART_UNDER_WAY)
                                                .count()
                                        >= 2),
                "a complete file and two part files of " + PART_UNDER_WAY + " bytes or more");
        assertThat(first.isAlive())
                .as("the first run still running when the test stops it\n%s", first.report())
                .isTrue();
    }

    /**
     * The first run did not finish (the throttle made that impossible; this proves it), every file it
     * completed is whole, every part file it left is exactly the start of its file, and at least one holds
     * data. Returns the part files' lengths by file name.
     */
    private static Map<String, Long> assertStoppedMidWayKeepingGoodParts(
            InterruptOutput output, List<InterruptServer.Served> files, String report) throws IOException {
        List<InterruptServer.Served> complete = output.complete(files);
        assertThat(complete).as("files the first run completed\n%s", report).hasSizeLessThan(files.size());
        Map<String, Long> parts = output.parts();
        assertThat(parts.values())
                .as("part files the first run left\n%s", report)
                .anyMatch(size -> size > 0);
        for (InterruptServer.Served file : files) {
            if (parts.containsKey(file.name())) {
                output.assertPartIsAPrefix(file);
            }
        }
        output.assertCompleteFilesVerify(complete);
        return parts;
    }

    /**
     * The same command, unthrottled: exit 0, every file verified, nothing else left, and every part file that
     * held data continued from its length (a 206 carrying exactly the rest), none fetched whole again.
     */
    private void assertRerunCompletesAndContinuesParts(
            InterruptServer server,
            InterruptOutput output,
            List<InterruptServer.Served> files,
            Map<String, Long> parts,
            List<String> command)
            throws Exception {
        Set<String> incomplete = new HashSet<>();
        files.stream().map(InterruptServer.Served::name).forEach(incomplete::add);
        output.complete(files).forEach(f -> incomplete.remove(f.name()));
        server.liftThrottle();
        try (InterruptProcess rerun = InterruptProcess.start(dir, "rerun", command)) {
            assertThat(rerun.awaitExit(90))
                    .as("the rerun's exit code\n%s", rerun.report())
                    .isZero();
            output.assertEveryFileCompleteAndNothingElse(files, rerun.report());
        }
        // nginx logs a request just after its last byte: wait for the log to hold every file fetched.
        List<InterruptServer.Logged> requests = Await.value(
                Duration.ofSeconds(30),
                server::rerunRequests,
                logged -> logged.stream()
                        .map(InterruptServer.Logged::path)
                        .toList()
                        .containsAll(incomplete),
                "the rerun's requests for " + incomplete + " in nginx's log");
        int continued = 0;
        for (InterruptServer.Served file : files) {
            long kept = parts.getOrDefault(file.name(), 0L);
            if (kept == 0) {
                continue;
            }
            List<InterruptServer.Logged> gets = requests.stream()
                    .filter(r -> r.path().equals(file.name()) && r.method().equals("GET"))
                    .toList();
            String what = "the rerun's GETs of %s, whose part file held %d of %d bytes"
                    .formatted(file.name(), kept, file.size());
            assertThat(gets).as(what).noneMatch(r -> r.status() == 200);
            if (kept < file.size()) {
                assertThat(gets)
                        .as(what)
                        .contains(new InterruptServer.Logged("GET", file.name(), 206, file.size() - kept));
            }
            continued++;
        }
        assertThat(continued).as("part files the rerun continued").isPositive();
    }
}
