package dev.curlmulti.samples.download;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** The README's main job: the downloader against its built-in server, and against given URLs. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(180)
class BulkDownloadTest {
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("bulk");
    }

    @AfterEach
    void tearDown() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private record Run(int exitCode, String output) {}

    private static Run run(String... args) {
        BulkDownload command = new BulkDownload();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        command.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        int exit = new CommandLine(command).execute(args);
        return new Run(exit, printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theDemoDownloadsEveryFileIntactReportsTheFailuresAndARerunFetchesNothingComplete() throws Exception {
        Run first = run("-q", "-o", dir.toString());
        assertThat(first.exitCode()).as(first.output()).isEqualTo(1);
        List<DemoFiles.DemoFile> catalogue = DemoFiles.catalogue();
        Map<Path, FileTime> written = new HashMap<>();
        for (DemoFiles.DemoFile file : catalogue) {
            Path path = dir.resolve(file.name());
            if (file.expectedToFail()) {
                assertThat(path).doesNotExist();
                assertThat(first.output()).contains(file.name());
            } else {
                assertThat(sha256(path)).as(file.name()).isEqualTo(DemoFiles.sha256(file));
                written.put(path, Files.getLastModifiedTime(path));
            }
        }
        long good = catalogue.stream().filter(f -> !f.expectedToFail()).count();
        assertThat(first.output())
                .contains("downloaded                   " + good)
                .contains("failed                       3")
                .contains("checksums (SHA-256)          " + good + " of " + good + " match")
                .contains("Slowest phase per host");
        // flaky.bin failed once with 503 and was retried.
        assertThat(first.output()).contains("retried downloads");

        Run second = run("-q", "-o", dir.toString());
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.output())
                .contains("already complete (skipped)   " + good)
                .contains("downloaded                   0");
        for (Map.Entry<Path, FileTime> file : written.entrySet()) {
            assertThat(Files.getLastModifiedTime(file.getKey()))
                    .as("%s rewritten", file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void givenUrlsFromArgumentsAndAFileAreDownloadedAndSuccessExitsZero() throws Exception {
        try (DemoServer server = new DemoServer()) {
            Path list = dir.resolve("urls.txt");
            Files.writeString(
                    list, "# a comment\n" + server.url("file-1.dat") + "\n\n" + server.url("file-2.dat") + "\n");
            Path out = dir.resolve("out");
            Run run = run("-q", "-o", out.toString(), "-i", list.toString(), server.url("file-3.dat"));
            assertThat(run.exitCode()).as(run.output()).isZero();
            for (String name : new String[] {"file-1.dat", "file-2.dat", "file-3.dat"}) {
                DemoFiles.DemoFile expected = DemoFiles.catalogue().stream()
                        .filter(f -> f.name().equals(name))
                        .findFirst()
                        .orElseThrow();
                assertThat(sha256(out.resolve(name))).isEqualTo(DemoFiles.sha256(expected));
            }
            assertThat(run.output())
                    .contains("downloaded                   3")
                    .contains("failed                       0");
        }
    }

    @Test
    void badArgumentsAreRefusedWithUsage() {
        Run run = run("--concurrency", "many");
        assertThat(run.exitCode()).isEqualTo(2);
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
