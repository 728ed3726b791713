package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawServer;
import dev.curlmulti.core.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single-stream download that was cut off is continued only as the version its part file holds:
 * the rerun sends {@code If-Range}, and a file that changed on the server (same length or not) is
 * fetched whole instead of spliced from two versions.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class ResumeValidatorsTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final int SIZE = 1 << 20;

    @TempDir
    Path dir;

    private CurlClient client;
    private VersionedFile file;
    private MockWebServer server;
    private Path target;

    @BeforeEach
    void setUp() throws IOException {
        client = CurlClient.create();
        file = new VersionedFile(TestServer.body(SIZE, 1), "\"v1\"");
        server = LambdaMockServer.start(file);
        target = dir.resolve("f.bin");
    }

    @AfterEach
    void tearDown() throws IOException {
        client.dispose();
        server.shutdown();
    }

    private String url() {
        return server.url("/f.bin").toString();
    }

    /** The first attempt, cut off mid-body: leaves the part file and its record. */
    private long cutFirstAttempt() throws IOException {
        file.cutNext = true;
        assertThatThrownBy(() -> client.download(url(), target).block(LIMIT))
                .satisfies(e -> assertThat(reactor.core.Exceptions.unwrap(e))
                        .isInstanceOf(dev.curlmulti.core.CurlException.class));
        Path part = FileDownload.partFile(target);
        long kept = Files.size(part);
        assertThat(kept).isPositive().isLessThan(SIZE);
        assertThat(PartRecord.read(target)).isEqualTo(new PartRecord(SIZE, new Validators("\"v1\"", null), false));
        return kept;
    }

    @Test
    void anUnchangedFileIsContinuedWithIfRangeAndOnlyTheRestIsFetched() throws Exception {
        byte[] v1 = file.body;
        long kept = cutFirstAttempt();
        DownloadResult result = client.download(url(), target).block(LIMIT);
        RecordedRequest rerun = file.requests.get(1);
        assertThat(rerun.getHeader("Range")).isEqualTo("bytes=" + kept + "-");
        assertThat(rerun.getHeader("If-Range")).isEqualTo("\"v1\"");
        assertThat(result.status()).isEqualTo(206);
        assertThat(result.resumedFrom()).isEqualTo(kept);
        assertThat(Files.readAllBytes(target)).isEqualTo(v1);
        assertThat(listing()).containsExactly("f.bin");
    }

    @Test
    void aFileChangedToTheSameLengthIsFetchedWholeNotSpliced() throws Exception {
        long kept = cutFirstAttempt();
        file.replace(TestServer.body(SIZE, 2), "\"v2\"");
        DownloadResult result = client.download(url(), target).block(LIMIT);
        assertThat(file.requests.get(1).getHeader("If-Range")).isEqualTo("\"v1\"");
        assertThat(file.requests.get(1).getHeader("Range")).isEqualTo("bytes=" + kept + "-");
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.resumedFrom()).isZero();
        assertThat(result.validators().etag()).isEqualTo("\"v2\"");
        assertThat(Files.readAllBytes(target)).isEqualTo(file.body);
        assertThat(listing()).containsExactly("f.bin");
    }

    @Test
    void aFileThatGrewIsFetchedWholeNotSpliced() throws Exception {
        cutFirstAttempt();
        file.replace(TestServer.body(SIZE + 300_000, 3), "\"v3\"");
        DownloadResult result = client.download(url(), target).block(LIMIT);
        assertThat(file.requests.get(1).getHeader("If-Range")).isEqualTo("\"v1\"");
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.resumedFrom()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(file.body);
        assertThat(listing()).containsExactly("f.bin");
    }

    @Test
    void aServerIgnoringIfRangeWithAnotherVersionsRangeMakesTheDownloadStartOver() throws Exception {
        cutFirstAttempt();
        file.replace(TestServer.body(SIZE, 4), "\"v4\"");
        file.honorsIfRange = false;
        DownloadResult result = client.download(url(), target).block(LIMIT);
        // The 206 of the new version is refused at its head; the start over fetches the whole file.
        assertThat(file.requests).hasSize(3);
        assertThat(file.requests.get(2).getHeader("Range")).isNull();
        assertThat(result.resumedFrom()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(file.body);
        assertThat(listing()).containsExactly("f.bin");
    }

    @Test
    void aWholePartFileOfTheRecordedVersionIsAcceptedOnA416() throws Exception {
        Files.write(FileDownload.partFile(target), file.body);
        new PartRecord(SIZE, new Validators("\"v1\"", null), false).write(target);
        DownloadResult result = client.download(url(), target).block(LIMIT);
        assertThat(file.requests).hasSize(1);
        assertThat(result.resumedFrom()).isEqualTo(SIZE);
        assertThat(Files.readAllBytes(target)).isEqualTo(file.body);
        assertThat(listing()).containsExactly("f.bin");
    }

    @Test
    void aWholePartFileOfAVersionTheServerReplacedIsNotTakenForTheFile() throws Exception {
        Files.write(FileDownload.partFile(target), file.body);
        new PartRecord(SIZE, new Validators("\"v1\"", null), false).write(target);
        file.replace(TestServer.body(SIZE, 6), "\"v6\"");
        DownloadResult result = client.download(url(), target).block(LIMIT);
        assertThat(file.requests).hasSize(1);
        assertThat(file.requests.get(0).getHeader("If-Range")).isEqualTo("\"v1\"");
        assertThat(result.status()).isEqualTo(200);
        assertThat(Files.readAllBytes(target)).isEqualTo(file.body);
        assertThat(listing()).containsExactly("f.bin");
    }

    @Test
    void a416NamingAnotherVersionStartsOver() throws Exception {
        Files.write(FileDownload.partFile(target), file.body);
        new PartRecord(SIZE, new Validators("\"v1\"", null), false).write(target);
        file.replace(TestServer.body(SIZE, 7), "\"v7\"");
        file.honorsIfRange = false;
        DownloadResult result = client.download(url(), target).block(LIMIT);
        assertThat(file.requests).hasSize(2);
        assertThat(file.requests.get(1).getHeader("Range")).isNull();
        assertThat(result.resumedFrom()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(file.body);
        assertThat(listing()).containsExactly("f.bin");
    }

    @Test
    void a416ForAPartFileOfAnUnrecordedLengthStartsOver() throws Exception {
        Files.write(FileDownload.partFile(target), file.body);
        new PartRecord(-1, new Validators("\"v1\"", null), false).write(target);
        DownloadResult result = client.download(url(), target).block(LIMIT);
        assertThat(file.requests).hasSize(2);
        assertThat(file.requests.get(1).getHeader("Range")).isNull();
        assertThat(result.resumedFrom()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(file.body);
    }

    @Test
    void aPartFileWithoutARecordIsFetchedFromZero() throws Exception {
        Files.write(FileDownload.partFile(target), Arrays.copyOf(file.body, 500_000));
        DownloadResult result = client.download(url(), target).block(LIMIT);
        assertThat(file.requests.get(0).getHeader("Range")).isNull();
        assertThat(file.requests.get(0).getHeader("If-Range")).isNull();
        assertThat(result.resumedFrom()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(file.body);
        assertThat(listing()).containsExactly("f.bin");
    }

    @Test
    void aPartFileOfACodedResponseIsNotContinued() throws Exception {
        file.gzip = true;
        file.cutNext = true;
        assertThatThrownBy(() -> client.download(url(), target).block(LIMIT))
                .satisfies(e -> assertThat(reactor.core.Exceptions.unwrap(e))
                        .isInstanceOf(dev.curlmulti.core.CurlException.class));
        assertThat(Files.size(FileDownload.partFile(target))).isPositive();
        assertThat(PartRecord.read(target).coded()).isTrue();

        file.gzip = false;
        DownloadResult result = client.download(url(), target).block(LIMIT);
        assertThat(file.requests.get(1).getHeader("Range")).isNull();
        assertThat(file.requests.get(1).getHeader("If-Range")).isNull();
        assertThat(result.resumedFrom()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(file.body);
        assertThat(listing()).containsExactly("f.bin");
    }

    @Test
    void aSmallBodyNeverGetsARecord() throws Exception {
        assertThat(recordWhileHeld(100_000)).isFalse();
    }

    @Test
    void aLargeBodyIsRecordedBeforeItsFirstByte() throws Exception {
        assertThat(recordWhileHeld(300_000)).isTrue();
    }

    /**
     * Downloads a body of {@code size} from a server that holds it halfway: whether the record
     * existed then. After the rest arrives only the target may be left.
     */
    private boolean recordWhileHeld(int size) throws Exception {
        byte[] body = TestServer.body(size, 5);
        int half = size / 2;
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer held = new RawServer(connection -> {
            RawServer.skipRequestHead(connection);
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\nETag: \"h1\"\r\n\r\n");
            RawServer.send(connection, Arrays.copyOf(body, half));
            release.await(30, TimeUnit.SECONDS);
            RawServer.send(connection, Arrays.copyOfRange(body, half, size));
            RawServer.finish(connection);
        })) {
            Path heldTarget = dir.resolve("held.bin");
            Path part = FileDownload.partFile(heldTarget);
            CompletableFuture<DownloadResult> result =
                    client.download(held.url("/held.bin"), heldTarget).toFuture();
            // The head is handled before the first byte reaches the part file.
            Await.until(LIMIT, () -> Files.exists(part) && part.toFile().length() == half, "half the body on disk");
            boolean recorded = Files.exists(PartRecord.of(heldTarget));
            release.countDown();
            assertThat(result.get(30, TimeUnit.SECONDS).bytes()).isEqualTo(size);
            assertThat(Files.readAllBytes(heldTarget)).isEqualTo(body);
            assertThat(listing()).containsExactly("held.bin");
            return recorded;
        }
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * One file with one current version, served like nginx serves it: {@code Range: bytes=N-}
     * honoured (a {@code 416} past the end), unless {@code If-Range} names another version, when
     * the whole file is sent. The next answer can be cut off halfway through its body.
     */
    private static final class VersionedFile implements Function<RecordedRequest, MockResponse> {
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        volatile byte[] body;
        volatile String etag;
        volatile boolean cutNext;
        volatile boolean gzip;
        volatile boolean honorsIfRange = true;

        VersionedFile(byte[] body, String etag) {
            replace(body, etag);
        }

        void replace(byte[] newBody, String newEtag) {
            body = newBody;
            etag = newEtag;
        }

        @Override
        public MockResponse apply(RecordedRequest request) {
            requests.add(request);
            byte[] bytes = body;
            MockResponse response = new MockResponse().setHeader("ETag", etag);
            String range = request.getHeader("Range");
            String ifRange = request.getHeader("If-Range");
            if (range != null && (!honorsIfRange || ifRange == null || ifRange.equals(etag))) {
                int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
                if (from >= bytes.length) {
                    return response.setResponseCode(416).setHeader("Content-Range", "bytes */" + bytes.length);
                }
                response.setResponseCode(206)
                        .setHeader("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length)
                        .setBody(new Buffer().write(bytes, from, bytes.length - from));
            } else if (gzip) {
                response.setHeader("Content-Encoding", "gzip").setBody(new Buffer().write(gzip(bytes)));
            } else {
                response.setBody(new Buffer().write(bytes));
            }
            if (cutNext) {
                cutNext = false;
                response.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
            }
            return response;
        }

        private static byte[] gzip(byte[] bytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream zip = new GZIPOutputStream(out)) {
                zip.write(bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
