package dev.curlmulti.samples.download;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The downloader's input file, verification, report, request options and exit codes, over loopback. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class DownloadCommandTest {
    @TempDir
    Path dir;

    private FileServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FileServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private Path manifest(String text) throws Exception {
        Path file = dir.resolve("list.txt");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void manifestNamesAreUsedChecksumsVerifiedAndTheReportHasALinePerFile() throws Exception {
        byte[] good = content(200_000, 1);
        byte[] bad = content(50_000, 2);
        server.put("good.bin", good);
        server.put("bad.bin", bad);
        Path out = dir.resolve("out");
        Path report = dir.resolve("report.jsonl");
        Path list = manifest(server.url("good.bin") + "\n"
                + "  out=sub/renamed.bin\n"
                + "  checksum=sha-256=" + sha256(good) + "\n"
                + "  header=X-Entry: one\n"
                + server.url("bad.bin") + "\n"
                + "  checksum=sha-256=" + sha256(good) + "\n"
                + server.url("missing.bin") + "\n");

        Cli.Run run = Cli.run("-q", "-o", out.toString(), "-i", list.toString(), "--report", report.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(out.resolve("sub/renamed.bin")).hasBinaryContent(good);
        assertThat(out.resolve("good.bin")).doesNotExist();
        assertThat(out.resolve("bad.bin"))
                .as("a file that did not verify keeps no final name")
                .doesNotExist();
        assertThat(server.requests("good.bin").get(0).getHeader("X-Entry")).isEqualTo("one");
        assertThat(server.requests("bad.bin").get(0).getHeader("X-Entry")).isNull();
        assertThat(run.output())
                .contains("downloaded                   1")
                .contains("failed                       2")
                .contains("checksums (SHA-256)          1 of 2 match")
                .containsPattern("(?m)^  batch time {19}\\d+\\.\\d{3} s$");

        List<JsonNode> lines = Cli.report(report);
        assertThat(lines).hasSize(3);
        JsonNode missing = Cli.line(lines, server.url("missing.bin"));
        assertThat(missing.get("result").asText()).isEqualTo("failed");
        assertThat(missing.get("status").asInt()).isEqualTo(404);
        assertThat(missing.get("error").asText()).contains("404");
        JsonNode ok = Cli.line(lines, server.url("good.bin"));
        assertThat(ok.get("result").asText()).isEqualTo("downloaded");
        assertThat(ok.get("file").asText())
                .isEqualTo(out.resolve("sub/renamed.bin").toString());
        assertThat(ok.get("bytes").asLong()).isEqualTo(good.length);
        assertThat(ok.get("sha256").asText()).isEqualTo(sha256(good));
        assertThat(ok.get("status").asInt()).isEqualTo(200);
        assertThat(ok.get("attempts").asInt()).isEqualTo(1);
        assertThat(ok.get("timeMs").isIntegralNumber()).isTrue();
        assertThat(ok.get("error").isNull()).isTrue();
        JsonNode failed = Cli.line(lines, server.url("bad.bin"));
        assertThat(failed.get("result").asText()).isEqualTo("failed");
        assertThat(failed.get("sha256").isNull()).isTrue();
        assertThat(failed.get("error").asText())
                .contains("DownloadVerificationException")
                .contains(sha256(good));
    }

    @Test
    void filesAreHashedOnlyWhenAskedOrGivenAChecksum() throws Exception {
        byte[] plain = content(70_000, 7);
        byte[] checked = content(60_000, 8);
        server.put("plain.bin", plain);
        server.put("checked.bin", checked);
        Path list = manifest(server.url("plain.bin") + "\n" + server.url("checked.bin") + "\n  checksum=sha-256="
                + sha256(checked) + "\n");

        Path report = dir.resolve("default.jsonl");
        Cli.Run run =
                Cli.run("-q", "-o", dir.resolve("a").toString(), "-i", list.toString(), "--report", report.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> lines = Cli.report(report);
        assertThat(Cli.line(lines, server.url("plain.bin")).get("sha256").isNull())
                .as("not hashed by default")
                .isTrue();
        assertThat(Cli.line(lines, server.url("checked.bin")).get("sha256").asText())
                .isEqualTo(sha256(checked));

        Path hashed = dir.resolve("hashed.jsonl");
        run = Cli.run(
                "-q",
                "--sha256",
                "-o",
                dir.resolve("b").toString(),
                "-i",
                list.toString(),
                "--report",
                hashed.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Cli.line(Cli.report(hashed), server.url("plain.bin"))
                        .get("sha256")
                        .asText())
                .isEqualTo(sha256(plain));
    }

    @Test
    void aRerunSkipsCompleteFilesWithoutARequestAndFetchesTruncatedChangedAndUnknownOnes() throws Exception {
        // Without validators a journal record is the whole proof: no conditional request to make.
        server.etags(false);
        byte[] kept = content(100_000, 3);
        byte[] truncated = content(100_000, 4);
        byte[] checked = content(100_000, 5);
        server.put("kept.bin", kept);
        server.put("truncated.bin", truncated);
        server.put("checked.bin", checked);
        server.put("unknown.bin", content(1000, 6));
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        // Complete before the first run and proven by the manifest's checksum: never fetched.
        Files.write(out.resolve("checked.bin"), checked);
        // There before, but not by this program and with nothing to check it by: fetched.
        Files.writeString(out.resolve("unknown.bin"), "stale");
        Path list = manifest(server.url("kept.bin") + "\n" + server.url("truncated.bin") + "\n"
                + server.url("checked.bin") + "\n  checksum=sha-256=" + sha256(checked) + "\n"
                + server.url("unknown.bin") + "\n");

        Cli.Run first = Cli.run("-q", "--sha256", "-o", out.toString(), "-i", list.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(server.count("checked.bin")).isZero();
        assertThat(server.count("unknown.bin")).isEqualTo(1);
        assertThat(out.resolve("unknown.bin")).hasBinaryContent(content(1000, 6));

        // A kill mid-copy, or a disk that lost the end: shorter than the journal says.
        Files.write(out.resolve("truncated.bin"), java.util.Arrays.copyOf(truncated, 5000));
        Path report = dir.resolve("second.jsonl");
        Cli.Run second =
                Cli.run("-q", "--sha256", "-o", out.toString(), "-i", list.toString(), "--report", report.toString());

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(server.count("kept.bin")).isEqualTo(1);
        assertThat(server.count("checked.bin")).isZero();
        assertThat(server.count("unknown.bin")).isEqualTo(1);
        assertThat(server.count("truncated.bin")).isEqualTo(2);
        assertThat(out.resolve("truncated.bin")).hasBinaryContent(truncated);
        assertThat(second.output())
                .contains("downloaded                   1")
                .contains("already complete (skipped)   3");
        List<JsonNode> lines = Cli.report(report);
        assertThat(lines).hasSize(4);
        JsonNode skipped = Cli.line(lines, server.url("kept.bin"));
        assertThat(skipped.get("result").asText()).isEqualTo("skipped");
        assertThat(skipped.get("sha256").asText()).as("from the journal").isEqualTo(sha256(kept));
        assertThat(skipped.get("bytes").asLong()).isEqualTo(kept.length);
        assertThat(Cli.line(lines, server.url("checked.bin")).get("sha256").asText())
                .isEqualTo(sha256(checked));
        assertThat(Cli.line(lines, server.url("truncated.bin")).get("result").asText())
                .isEqualTo("downloaded");
    }

    @Test
    void aFileWithValidatorsIsCheckedWithAConditionalRequestAndAChangedOneFetchedAgain() throws Exception {
        byte[] same = content(80_000, 7);
        server.put("same.bin", same);
        server.put("changes.bin", content(80_000, 8));
        Path out = dir.resolve("out");
        Path list = manifest(server.url("same.bin") + "\n" + server.url("changes.bin") + "\n");
        Cli.Run first = Cli.run("-q", "--sha256", "-o", out.toString(), "-i", list.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(server.requests("same.bin").get(0).getHeader("If-None-Match"))
                .isNull();

        byte[] changed = content(90_000, 9);
        server.put("changes.bin", changed);
        Path report = dir.resolve("report.jsonl");
        Cli.Run second =
                Cli.run("-q", "--sha256", "-o", out.toString(), "-i", list.toString(), "--report", report.toString());

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(server.requests("same.bin"))
                .as("a second request, conditional (needs the library's validators and ifUnchanged)")
                .hasSize(2);
        RecordedRequest check = server.requests("same.bin").get(1);
        assertThat(check.getHeader("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(out.resolve("same.bin")).hasBinaryContent(same);
        assertThat(out.resolve("changes.bin")).hasBinaryContent(changed);
        assertThat(second.output())
                .contains("downloaded                   1")
                .contains("already complete (skipped)   1")
                .contains("of which not modified (304)  1");
        List<JsonNode> lines = Cli.report(report);
        JsonNode notModified = Cli.line(lines, server.url("same.bin"));
        assertThat(notModified.get("result").asText()).isEqualTo("not-modified");
        assertThat(notModified.get("status").asInt()).isEqualTo(304);
        assertThat(notModified.get("sha256").asText()).isEqualTo(sha256(same));
        assertThat(Cli.line(lines, server.url("changes.bin")).get("result").asText())
                .isEqualTo("downloaded");

        // The new copy's ETag went to the journal: a third run checks it against that one.
        Cli.Run third = Cli.run("-q", "--sha256", "-o", out.toString(), "-i", list.toString());
        assertThat(third.exitCode()).as(third.toString()).isZero();
        assertThat(server.requests("changes.bin").get(2).getHeader("If-None-Match"))
                .isEqualTo("\"v2\"");
        assertThat(third.output()).contains("downloaded                   0");
    }

    @Test
    void headersAndTheBearerTokenReachTheServerButTheTokenNotAnotherHostARedirectLeadsTo() throws Exception {
        try (FileServer other = new FileServer()) {
            other.put("moved.bin", content(1000, 10));
            // Another host name for the same loopback: libcurl judges hosts by name.
            server.answer(
                    "redirect.bin",
                    new MockResponse()
                            .setResponseCode(302)
                            .setHeader("Location", "http://localhost:" + other.port() + "/moved.bin"));
            server.put("direct.bin", content(1000, 11));
            Path out = dir.resolve("out");
            Cli.Run run = Cli.run(
                    Map.of("API_TOKEN", "s3cret"),
                    null,
                    "-q",
                    "-o",
                    out.toString(),
                    "-H",
                    "X-Global: g",
                    "--bearer-env",
                    "API_TOKEN",
                    server.url("direct.bin"),
                    server.url("redirect.bin"));

            assertThat(run.exitCode()).as(run.toString()).isZero();
            RecordedRequest direct = server.requests("direct.bin").get(0);
            assertThat(direct.getHeader("Authorization")).isEqualTo("Bearer s3cret");
            assertThat(direct.getHeader("X-Global")).isEqualTo("g");
            assertThat(server.requests("redirect.bin").get(0).getHeader("Authorization"))
                    .isEqualTo("Bearer s3cret");
            RecordedRequest moved = other.requests("moved.bin").get(0);
            assertThat(moved.getHeader("Authorization")).isNull();
            // As curl's -H: a header given by the user follows the redirect (the docs say so).
            assertThat(moved.getHeader("X-Global")).isEqualTo("g");
            assertThat(out.resolve("redirect.bin")).hasBinaryContent(content(1000, 10));
        }
    }

    @Test
    void basicAuthComesFromTheEnvironmentAndCookiesFromACookieFile() throws Exception {
        server.put("private.bin", content(1000, 12));
        Path cookies = dir.resolve("cookies.txt");
        Files.writeString(cookies, "# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc123\n");
        Cli.Run run = Cli.run(
                Map.of("CREDS", "alice:pa:ss"),
                null,
                "-q",
                "-o",
                dir.resolve("out").toString(),
                "--user-env",
                "CREDS",
                "--cookie-file",
                cookies.toString(),
                server.url("private.bin"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        RecordedRequest request = server.requests("private.bin").get(0);
        assertThat(request.getHeader("Authorization"))
                .isEqualTo(
                        "Basic " + Base64.getEncoder().encodeToString("alice:pa:ss".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getHeader("Cookie")).isEqualTo("session=abc123");
    }

    @Test
    void badArgumentsAndInputExitTwoWithTheReasonBeforeAnyRequest() throws Exception {
        server.put("a.bin", content(10, 13));
        String url = server.url("a.bin");
        Path traversal = manifest(url + "\n  out=../../escape.bin\n");
        String out = dir.resolve("out").toString();
        Object[][] cases = {
            {new String[] {"-q", "-o", out, "-i", traversal.toString()}, "list.txt:2: '..' refused"},
            {new String[] {"-q", "-o", out, "-H", "X-A: 1\r\nX-B: 2", url}, "CR or LF"},
            {new String[] {"-q", "-o", out, "-H", "no colon", url}, "'Name: value'"},
            {new String[] {"-q", "-o", out, "--bearer-env", "UNSET_VAR", url}, "UNSET_VAR is not set"},
            {new String[] {"-q", "-o", out, "--limit-rate", "5Q", url}, "--limit-rate"},
            {new String[] {"-q", "-o", out, "--http1", "--http2", url}, "choose one of --http1"},
            {new String[] {"-q", "-o", out, "-s", "0", url}, "at least 1"},
            {new String[] {"-q", "-o", out, "-i", dir.resolve("absent.txt").toString()}, "cannot read"},
            {new String[] {"-q", "-o", out, "--concurrency", "many", url}, "many"},
        };
        for (Object[] c : cases) {
            Cli.Run run = Cli.run((String[]) c[0]);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.errors()).as(String.join(" ", (String[]) c[0])).contains((String) c[1]);
        }
        assertThat(server.count("a.bin")).isZero();
        assertThat(dir.resolve("escape.bin")).doesNotExist();
    }

    @Test
    void anInterruptStopsTheRunWithWhatFinishedRecordedAndTheSameCommandCompletesIt() throws Exception {
        server.etags(false);
        byte[] fast = content(10_000, 15);
        byte[] slow = content(1 << 20, 16);
        server.put("fast.bin", fast);
        // 16 KiB a second: still running when the interrupt comes.
        server.answer(
                "slow.bin",
                new MockResponse()
                        .setBody(new okio.Buffer().write(slow))
                        .throttleBody(16 * 1024, 1, java.util.concurrent.TimeUnit.SECONDS));
        Path out = dir.resolve("out");
        Path report = dir.resolve("report.jsonl");
        String[] args = {
            "-q", "-o", out.toString(), "--report", report.toString(), server.url("fast.bin"), server.url("slow.bin")
        };
        java.util.concurrent.atomic.AtomicReference<BulkDownload> command =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CompletableFuture<Cli.Run> first =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> Cli.run(Map.of(), command::set, args));
        dev.curlmulti.core.testing.Await.until(
                java.time.Duration.ofSeconds(30),
                () -> server.count("slow.bin") == 1 && reportLines(report) == 1,
                "fast.bin reported while slow.bin is under way");
        command.get().interrupts.fire();
        Cli.Run interrupted = first.get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(130);
        assertThat(interrupted.output()).contains("Run the same command again to resume");
        assertThat(Cli.report(report))
                .singleElement()
                .satisfies(line -> assertThat(line.get("url").asText()).isEqualTo(server.url("fast.bin")));
        assertThat(out.resolve("slow.bin")).doesNotExist();
        assertThat(Files.readString(out.resolve(Journal.FILE_NAME))).contains("\"fast.bin\"");

        server.put("slow.bin", slow);
        Cli.Run rerun = Cli.run(args);
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(out.resolve("slow.bin")).hasBinaryContent(slow);
        assertThat(server.count("fast.bin")).isEqualTo(1);
    }

    private static long reportLines(Path report) {
        try {
            return Files.exists(report) ? Files.readAllLines(report).size() : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void splitAndLimitOptionsBecomeTheBatchsBoundsAndASplitFileArrivesWhole() throws Exception {
        BulkDownload command = new BulkDownload();
        new picocli.CommandLine(command)
                .parseArgs("-c", "8", "--per-host", "2", "--limit-rate", "10K", "--per-host-limit-rate", "1M");
        assertThat(command.limits()).isEqualTo(new dev.curlmulti.reactor.DownloadLimits(8, 2, 10_240, 1 << 20));

        byte[] big = content(1 << 20, 17);
        server.put("big.bin", big);
        Path out = dir.resolve("out");
        Path list = manifest(server.url("big.bin") + "\n  checksum=sha-256=" + sha256(big) + "\n");
        Cli.Run run = Cli.run("-q", "-o", out.toString(), "-s", "4", "--min-split-size", "64K", "-i", list.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(out.resolve("big.bin")).hasBinaryContent(big);
        assertThat(out.resolve("big.bin.part")).doesNotExist();
    }

    @Test
    void http3FromALibcurlWithoutItIsAClearErrorOrWorks() {
        boolean has = dev.curlmulti.core.CurlVersion.current().hasFeature("HTTP3");
        server.put("a.bin", content(10, 14));
        Cli.Run run = Cli.run("-q", "-o", dir.resolve("out").toString(), "--http3", server.url("a.bin"));
        if (has) {
            // HTTP/3 is for https; on http:// libcurl falls back to HTTP/1.1.
            assertThat(run.exitCode()).as(run.toString()).isZero();
        } else {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.errors()).contains("needs a libcurl built with HTTP/3");
        }
    }
}
