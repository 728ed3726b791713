package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.Nginx;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RecordingHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Downloads checked against the size and SHA-256 the request expects, before the file takes its name. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class DownloadVerificationTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final int SIZE = 3_000_000;
    private static final String WRONG_SHA = "0".repeat(64);

    @TempDir
    Path dir;

    private Nginx nginx;
    private CurlClient client;
    private String sha;
    private byte[] whole;

    @BeforeEach
    void setUp() {
        nginx = new Nginx();
        client = CurlClient.create();
        sha = nginx.writeCountingFile("f.bin", SIZE);
        whole = client.get(nginx.httpUrl("f.bin"))
                .flatMap(CurlResponse::bodyAsBytes)
                .block(LIMIT);
    }

    @AfterEach
    void tearDown() {
        client.dispose();
        nginx.close();
    }

    private DownloadRequest request(String url, Path target) {
        return DownloadRequest.of(url, target);
    }

    @Test
    void aFileWithTheExpectedShaAndSizeLandsWithItsValidatorsAndTime() throws Exception {
        Path target = dir.resolve("ok.bin");
        DownloadResult result = client.download(request(nginx.httpUrl("f.bin"), target)
                        .withExpectedSha256(sha.toUpperCase(java.util.Locale.ROOT))
                        .withExpectedSize(SIZE))
                .block(LIMIT);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.sha256()).isEqualTo(sha);
        assertThat(result.segments()).isEqualTo(1);
        assertThat(result.elapsed()).isPositive();
        assertThat(result.validators()).isNotNull();
        assertThat(result.validators().etag()).startsWith("\"");
        assertThat(result.validators().lastModified()).endsWith("GMT");
        assertThat(RecordingHandler.sha256(Files.readAllBytes(target))).isEqualTo(sha);
    }

    @Test
    void aWrongShaFailsTypedLeavesNoPartFileAndTheOlderTargetAsItWas() throws Exception {
        Path target = dir.resolve("older.bin");
        Files.writeString(target, "the older copy");
        Throwable error =
                failure(client.download(request(nginx.httpUrl("f.bin"), target).withExpectedSha256(WRONG_SHA)));
        assertThat(error).isInstanceOf(DownloadVerificationException.class).hasMessageContaining(sha);
        assertThat(Files.readString(target)).isEqualTo("the older copy");
        assertThat(FileDownload.partFile(target)).doesNotExist();
    }

    @Test
    void aWrongShaIsNotRetriedByTheBatchAndEndsAsAFailedResult() {
        Path target = dir.resolve("batch.bin");
        DownloadResult result = client.batch(
                        Flux.just(request(nginx.httpUrl("f.bin"), target).withExpectedSha256(WRONG_SHA)), 2, 3)
                .results()
                .single()
                .block(LIMIT);
        assertThat(result.error()).isInstanceOf(DownloadVerificationException.class);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(target).doesNotExist();
        assertThat(FileDownload.partFile(target)).doesNotExist();
        assertThat(RetryPolicy.defaults().retriesError(new DownloadVerificationException("x")))
                .isFalse();
    }

    @Test
    void aFailureSettledForABatchCarriesItsAttemptsAndTime() {
        DownloadRequest wrong =
                request(nginx.httpUrl("f.bin"), dir.resolve("settled.bin")).withExpectedSha256(WRONG_SHA);
        AtomicInteger attempts = new AtomicInteger();
        DownloadResult result = RequestPipeline.settled(
                        client.download(
                                wrong, DownloadMeter.counting(new AtomicLong()), DownloadBatch.policy(3), attempts),
                        wrong,
                        attempts)
                .block(LIMIT);
        assertThat(result.error()).isInstanceOf(DownloadVerificationException.class);
        assertThat(result.request()).isSameAs(wrong);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.elapsed()).isPositive();
    }

    @Test
    void aContentLengthThatContradictsTheExpectedSizeFailsAtTheHead() {
        Path target = dir.resolve("size.bin");
        Throwable error =
                failure(client.download(request(nginx.httpUrl("f.bin"), target).withExpectedSize(SIZE - 8)));
        assertThat(error).isInstanceOf(DownloadVerificationException.class).hasMessageContaining("announces " + SIZE);
        assertThat(target).doesNotExist();
        assertThat(FileDownload.partFile(target)).doesNotExist();
    }

    @Test
    void anUnannouncedBodyLongerThanExpectedIsStoppedAtTheFirstByteTooMany() throws Exception {
        byte[] body = new byte[4 << 20];
        try (MockWebServer server = LambdaMockServer.start(
                request -> new MockResponse().setChunkedBody(new Buffer().write(body), 64 * 1024))) {
            Path target = dir.resolve("longer.bin");
            Throwable error = failure(
                    client.download(request(server.url("/c").toString(), target).withExpectedSize(1000)));
            assertThat(error).isInstanceOf(DownloadVerificationException.class).hasMessageContaining("received more");
            assertThat(target).doesNotExist();
            assertThat(FileDownload.partFile(target)).doesNotExist();
        }
    }

    @Test
    void anUnannouncedBodyShorterThanExpectedFailsWhenItEnds() throws Exception {
        byte[] body = "short".getBytes(StandardCharsets.US_ASCII);
        try (MockWebServer server =
                LambdaMockServer.start(request -> new MockResponse().setChunkedBody(new Buffer().write(body), 2))) {
            Path target = dir.resolve("shorter.bin");
            Throwable error = failure(
                    client.download(request(server.url("/s").toString(), target).withExpectedSize(1000)));
            assertThat(error).isInstanceOf(DownloadVerificationException.class).hasMessageContaining("received 5");
            assertThat(target).doesNotExist();
            assertThat(FileDownload.partFile(target)).doesNotExist();
        }
    }

    @Test
    void theExpectedSizeCountsDecodedBytesNotTheCompressedLengthTheHeadAnnounces() throws Exception {
        byte[] gzipped = TestBodies.gzipOfZeros(1);
        try (CurlClient decoding = CurlClient.builder().compression(true).build();
                MockWebServer server = LambdaMockServer.start(request -> new MockResponse()
                        .addHeader("Content-Encoding", "gzip")
                        .setBody(new Buffer().write(gzipped)))) {
            Path target = dir.resolve("decoded.bin");
            DownloadResult result = decoding.download(
                            request(server.url("/g").toString(), target).withExpectedSize(1 << 20))
                    .block(LIMIT);
            assertThat(gzipped.length).isLessThan(1 << 20);
            assertThat(result.bytes()).isEqualTo(1 << 20);
            assertThat(Files.size(target)).isEqualTo(1 << 20);
        }
    }

    @Test
    void aResumedPartFileIsVerifiedWithTheBytesItKept() throws Exception {
        Path target = dir.resolve("resumed.bin");
        Files.write(FileDownload.partFile(target), Arrays.copyOf(whole, 1_000_000));
        DownloadResult result = client.download(request(nginx.httpUrl("f.bin"), target)
                        .withExpectedSha256(sha)
                        .withExpectedSize(SIZE))
                .block(LIMIT);
        assertThat(result.status()).isEqualTo(206);
        assertThat(result.resumedFrom()).isEqualTo(1_000_000);
        assertThat(result.sha256()).isEqualTo(sha);
        assertThat(result.validators().etag()).startsWith("\"");
        assertThat(Files.readAllBytes(target)).isEqualTo(whole);
    }

    @Test
    void aResumedFileThatDoesNotVerifyStartsOverAndLandsWhole() throws Exception {
        // A part file from another version of the file: appending the rest would splice the two.
        Path target = dir.resolve("spliced.bin");
        byte[] otherVersion = new byte[1_000_000];
        Arrays.fill(otherVersion, (byte) 3);
        Files.write(FileDownload.partFile(target), otherVersion);
        DownloadResult result = client.download(
                        request(nginx.httpUrl("f.bin"), target).withExpectedSha256(sha))
                .block(LIMIT);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.resumedFrom()).isZero();
        assertThat(result.sha256()).isEqualTo(sha);
        assertThat(Files.readAllBytes(target)).isEqualTo(whole);
    }

    @Test
    void aResumedFileWhoseServerCopyIsWrongFailsAfterTheOneStartOver() throws Exception {
        Path target = dir.resolve("wrong-resumed.bin");
        Files.write(FileDownload.partFile(target), Arrays.copyOf(whole, 1_000_000));
        Throwable error =
                failure(client.download(request(nginx.httpUrl("f.bin"), target).withExpectedSha256(WRONG_SHA)));
        assertThat(error).isInstanceOf(DownloadVerificationException.class);
        assertThat(target).doesNotExist();
        assertThat(FileDownload.partFile(target)).doesNotExist();
    }

    @Test
    void aPartFileThatIsAlreadyWholeIsVerifiedAndCountsNoConnection() throws Exception {
        Path target = dir.resolve("whole.bin");
        Files.write(FileDownload.partFile(target), whole);
        DownloadResult result = client.download(
                        request(nginx.httpUrl("f.bin"), target).withExpectedSha256(sha))
                .block(LIMIT);
        assertThat(result.resumedFrom()).isEqualTo(SIZE);
        assertThat(result.segments()).isZero();
        assertThat(result.sha256()).isEqualTo(sha);
        assertThat(Files.readAllBytes(target)).isEqualTo(whole);
    }

    private static Throwable failure(Mono<?> download) {
        try {
            download.block(LIMIT);
        } catch (RuntimeException e) {
            return reactor.core.Exceptions.unwrap(e);
        }
        throw new AssertionError("the download succeeded");
    }
}
