package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.testing.Nginx;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RecordingHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/** Downloads against servers that do not continue a part file as asked, and the client's size limit on files. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class DownloadEdgesTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private Nginx nginx;
    private CurlClient client;

    @TempDir
    Path dir;

    private byte[] whole;

    @BeforeEach
    void setUp() throws Exception {
        nginx = new Nginx();
        client = CurlClient.create();
        nginx.writeCountingFile("w.bin", 3_000_000);
        whole = client.get(nginx.httpUrl("w.bin"))
                .flatMap(CurlResponse::bodyAsBytes)
                .block(LIMIT);
    }

    @AfterEach
    void tearDown() {
        client.dispose();
        nginx.close();
    }

    @Test
    void aServerThatIgnoresTheRangeMakesTheDownloadStartOverInTheSameCall() throws Exception {
        Path target = dir.resolve("ignored.bin");
        Files.write(FileDownload.partFile(target), Arrays.copyOf(whole, 1_000_000));
        PartRecords.record(target, whole.length, "\"w1\"");
        try (MockWebServer server = LambdaMockServer.start(request -> {
            ranges.add(request.getHeader("Range") + " if " + request.getHeader("If-Range"));
            return new MockResponse().setBody(new Buffer().write(whole));
        })) {
            DownloadResult result =
                    client.download(server.url("/w.bin").toString(), target).block(LIMIT);
            assertThat(ranges).containsExactly("bytes=1000000- if \"w1\"");
            assertThat(result.status()).isEqualTo(200);
            assertThat(result.resumedFrom()).isZero();
            assertThat(result.bytes()).isEqualTo(whole.length);
            assertThat(result.sha256()).isEqualTo(RecordingHandler.sha256(whole));
            assertThat(Files.readAllBytes(target)).isEqualTo(whole);
            assertThat(FileDownload.partFile(target)).doesNotExist();
        }
    }

    @Test
    void aBatchAgainstAServerThatIgnoresRangesSucceedsOnTheFirstAttempt() throws Exception {
        Path target = dir.resolve("batch.bin");
        Files.write(FileDownload.partFile(target), Arrays.copyOf(whole, 2_000_000));
        PartRecords.record(target, whole.length, "\"b1\"");
        try (MockWebServer server =
                LambdaMockServer.start(request -> new MockResponse().setBody(new Buffer().write(whole)))) {
            DownloadResult result = client.downloadAll(
                            Flux.just(DownloadRequest.of(server.url("/b").toString(), target)), 1)
                    .single()
                    .block(LIMIT);
            assertThat(result.error()).isNull();
            assertThat(result.attempts()).isEqualTo(1);
            assertThat(Files.readAllBytes(target)).isEqualTo(whole);
        }
    }

    @Test
    void aPartFileLongerThanTheServersFileIsDroppedAndTheDownloadStartsOver() throws Exception {
        // nginx answers 416 with "bytes */3000000": the part file cannot belong to this file.
        Path target = dir.resolve("longer.bin");
        byte[] stale = new byte[3_500_000];
        Arrays.fill(stale, (byte) 7);
        Files.write(FileDownload.partFile(target), stale);
        PartRecords.recordServersVersion(client, nginx.httpUrl("w.bin"), target);
        new PartRecord(stale.length, PartRecord.read(target).validators(), false).write(target);
        DownloadResult result = client.download(nginx.httpUrl("w.bin"), target).block(LIMIT);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.resumedFrom()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(whole);
    }

    @Test
    void aRangeFromAnotherOffsetThanAskedIsNotAppended() throws Exception {
        Path target = dir.resolve("offset.bin");
        Files.write(FileDownload.partFile(target), Arrays.copyOf(whole, 1_000_000));
        PartRecords.record(target, whole.length, "\"o1\"");
        try (MockWebServer server = LambdaMockServer.start(request -> rangeFromZero(request, whole))) {
            DownloadResult result =
                    client.download(server.url("/o").toString(), target).block(LIMIT);
            assertThat(server.getRequestCount()).isEqualTo(2);
            assertThat(result.resumedFrom()).isZero();
            assertThat(Files.readAllBytes(target)).isEqualTo(whole);
        }
    }

    private static Throwable failure(reactor.core.publisher.Mono<?> download) {
        try {
            download.block(LIMIT);
        } catch (RuntimeException e) {
            return reactor.core.Exceptions.unwrap(e);
        }
        throw new AssertionError("the download succeeded");
    }

    /** A broken server: asked for a range, it answers 206 with the whole file from byte 0. */
    private static MockResponse rangeFromZero(RecordedRequest request, byte[] body) {
        if (request.getHeader("Range") == null) {
            return new MockResponse().setBody(new Buffer().write(body));
        }
        return new MockResponse()
                .setResponseCode(206)
                .setHeader("Content-Range", "bytes 0-" + (body.length - 1) + "/" + body.length)
                .setBody(new Buffer().write(body));
    }

    @Test
    void withoutResumeAStaleLongerPartFileLeavesNoTail() throws Exception {
        Path target = dir.resolve("noresume.bin");
        Files.write(FileDownload.partFile(target), new byte[5_000_000]);
        DownloadRequest request = new DownloadRequest(CurlRequest.get(nginx.httpUrl("w.bin")), target, false, true);
        DownloadResult result = client.download(request).block(LIMIT);
        assertThat(result.bytes()).isEqualTo(whole.length);
        assertThat(Files.readAllBytes(target)).isEqualTo(whole);
    }

    @Test
    void aFileOverTheSizeLimitFailsTooLargeAndLeavesNothingBehind() throws Exception {
        nginx.writeCountingFile("big.bin", 20L << 20);
        try (CurlClient limited =
                CurlClient.builder().maxResponseSize(10L << 20).build()) {
            Path target = dir.resolve("big.bin");
            assertThat(failure(limited.download(nginx.httpUrl("big.bin"), target)))
                    .isInstanceOf(CurlTooLargeException.class)
                    .hasMessageContaining("10485760");
            assertThat(target).doesNotExist();
            assertThat(FileDownload.partFile(target)).doesNotExist();
        }
    }

    @Test
    void aBodyOfUnknownLengthIsStoppedAtTheSizeLimitOnTheWay() throws Exception {
        byte[] big = new byte[20 << 20];
        try (CurlClient limited =
                        CurlClient.builder().maxResponseSize(10L << 20).build();
                MockWebServer server = LambdaMockServer.start(
                        request -> new MockResponse().setChunkedBody(new Buffer().write(big), 64 * 1024))) {
            Path target = dir.resolve("chunked.bin");
            assertThat(failure(limited.download(server.url("/c").toString(), target)))
                    .isInstanceOf(CurlTooLargeException.class);
            assertThat(target).doesNotExist();
            assertThat(FileDownload.partFile(target)).doesNotExist();
        }
    }

    @Test
    void aDecompressionBombIsStoppedAtTheSizeLimitCountedAfterDecoding() throws Exception {
        byte[] bomb = TestBodies.gzipOfZeros(64);
        try (CurlClient limited = CurlClient.builder()
                        .compression(true)
                        .maxResponseSize(10L << 20)
                        .build();
                MockWebServer server = LambdaMockServer.start(request ->
                        new MockResponse().addHeader("Content-Encoding", "gzip").setBody(new Buffer().write(bomb)))) {
            Path target = dir.resolve("bomb.bin");
            assertThat(failure(limited.download(server.url("/g").toString(), target)))
                    .isInstanceOf(CurlTooLargeException.class)
                    .hasMessageContaining("decoded");
            assertThat(target).doesNotExist();
            assertThat(FileDownload.partFile(target)).doesNotExist();
            assertThat(RetryPolicy.defaults().retriesError(new CurlTooLargeException(63, "x")))
                    .isFalse();
        }
    }

    @Test
    void theSizeLimitCountsTheResumedPartToo() throws Exception {
        try (CurlClient limited =
                CurlClient.builder().maxResponseSize(2_500_000).build()) {
            Path target = dir.resolve("resumed-big.bin");
            Files.write(FileDownload.partFile(target), Arrays.copyOf(whole, 1_000_000));
            assertThat(failure(limited.download(nginx.httpUrl("w.bin"), target)))
                    .isInstanceOf(CurlTooLargeException.class);
            assertThat(FileDownload.partFile(target)).doesNotExist();
        }
    }

    @Test
    void aFileWithinTheSizeLimitLandsWhole() throws Exception {
        try (CurlClient limited =
                CurlClient.builder().maxResponseSize(whole.length).build()) {
            Path target = dir.resolve("fits.bin");
            DownloadResult result =
                    limited.download(nginx.httpUrl("w.bin"), target).block(LIMIT);
            assertThat(result.bytes()).isEqualTo(whole.length);
            assertThat(Files.readAllBytes(target)).isEqualTo(whole);
        }
    }
}
