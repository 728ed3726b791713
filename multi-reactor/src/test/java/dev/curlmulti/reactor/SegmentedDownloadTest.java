package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.Nginx;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RecordingHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** One file over several connections: parts in place, verified whole, never two versions spliced. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class SegmentedDownloadTest {
    private static final long MIB = 1L << 20;

    private CurlClient client;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        client = CurlClient.create();
        dir = Files.createTempDirectory("segments");
    }

    @AfterEach
    void tearDown() throws Exception {
        client.dispose();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aLargeFileComesOverFourConnectionsAndIsWholeAndVerified() throws Exception {
        Path log = dir.resolve("access.log");
        try (Nginx nginx = new Nginx("access_log " + log + ";")) {
            String sha = nginx.writeCountingFile("big.bin", 64 * MIB);
            Path target = dir.resolve("big.bin");
            DownloadResult result = client.download(DownloadRequest.of(nginx.httpUrl("big.bin"), target)
                            .withExpectedSha256(sha)
                            .withSegments(4))
                    .block(Duration.ofSeconds(60));
            assertThat(result.succeeded()).isTrue();
            assertThat(result.segments()).isEqualTo(4);
            assertThat(result.bytes()).isEqualTo(64 * MIB);
            assertThat(result.sha256()).isEqualTo(sha);
            assertThat(result.validators()).isNotNull();
            assertThat(SegmentCompletion.sha256(target)).isEqualTo(sha);
            assertThat(FileDownload.partFile(target)).doesNotExist();
            assertThat(SegmentRecord.of(target)).doesNotExist();
            // nginx logs a request when it ends; the first one ends when the client cuts it.
            List<String> lines = Await.value(
                    Duration.ofSeconds(10),
                    () -> readLines(log),
                    l -> l.size() >= 4,
                    "four requests in the access log");
            assertThat(lines).hasSize(4).allMatch(line -> line.contains("\" 206 "));
        }
    }

    @Test
    void partsOverHttp2AreStreamsAndTheFileIsWhole() throws Exception {
        try (Nginx nginx = new Nginx();
                CurlClient tls = CurlClient.builder()
                        .tls(t -> t.withCaFile(nginx.caPem()))
                        .build()) {
            String sha = nginx.writeCountingFile("h2.bin", 32 * MIB);
            Path target = dir.resolve("h2.bin");
            DownloadResult result = tls.download(
                            DownloadRequest.of(nginx.httpsUrl("h2.bin"), target).withSegments(4))
                    .block(Duration.ofSeconds(60));
            assertThat(result.segments()).isEqualTo(4);
            assertThat(result.sha256()).isEqualTo(sha);
            assertThat(SegmentCompletion.sha256(target)).isEqualTo(sha);
        }
    }

    @Test
    void aClientWithSeveralLoopsGetsTheSameWholeFile() throws Exception {
        try (Nginx nginx = new Nginx();
                CurlClient loops = CurlClient.builder().loops(4).build()) {
            String sha = nginx.writeCountingFile("loops.bin", 32 * MIB);
            Path target = dir.resolve("loops.bin");
            DownloadResult result = loops.download(DownloadRequest.of(nginx.httpUrl("loops.bin"), target)
                            .withSegments(8))
                    .block(Duration.ofSeconds(60));
            assertThat(result.segments()).isEqualTo(8);
            assertThat(result.sha256()).isEqualTo(sha);
        }
    }

    @Test
    void aServerWithoutRangesGivesOneStreamOnTheSameRequest() throws Exception {
        byte[] body = randomBytes(10 * MIB, 1);
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse().setHeader("ETag", "\"x\"").setBody(new Buffer().write(body));
                }
            });
            Path target = dir.resolve("plain.bin");
            DownloadResult result = client.download(
                            DownloadRequest.of(server.url("/plain.bin").toString(), target)
                                    .withSegments(4, MIB))
                    .block(Duration.ofSeconds(30));
            assertThat(result.succeeded()).isTrue();
            assertThat(result.segments()).isEqualTo(1);
            assertThat(result.status()).isEqualTo(200);
            assertThat(result.sha256()).isEqualTo(RecordingHandler.sha256(body));
            assertThat(Files.readAllBytes(target)).isEqualTo(body);
            assertThat(server.getRequestCount()).isEqualTo(1);
            assertThat(SegmentRecord.of(target)).doesNotExist();
        }
    }

    @Test
    void aPartFileLeftByOneStreamIsContinuedAsOneStream() throws Exception {
        try (Nginx nginx = new Nginx()) {
            String sha = nginx.writeCountingFile("half.bin", 16 * MIB);
            Path target = dir.resolve("half.bin");
            java.nio.ByteBuffer prefix = java.nio.ByteBuffer.allocate((int) MIB);
            for (long offset = 0; offset < MIB; offset += 8) {
                prefix.putLong(offset);
            }
            Files.write(FileDownload.partFile(target), prefix.array());
            DownloadResult result = client.download(DownloadRequest.of(nginx.httpUrl("half.bin"), target)
                            .withSegments(4))
                    .block(Duration.ofSeconds(30));
            assertThat(result.segments()).isEqualTo(1);
            assertThat(result.resumedFrom()).isEqualTo(MIB);
            assertThat(result.sha256()).isEqualTo(sha);
            assertThat(SegmentCompletion.sha256(target)).isEqualTo(sha);
        }
    }

    @Test
    void aSmallFileStaysOneStream() throws Exception {
        try (Nginx nginx = new Nginx()) {
            String sha = nginx.writeCountingFile("small.bin", 3 * MIB);
            Path target = dir.resolve("small.bin");
            DownloadResult result = client.download(DownloadRequest.of(nginx.httpUrl("small.bin"), target)
                            .withSegments(8, 2 * MIB))
                    .block(Duration.ofSeconds(30));
            assertThat(result.segments()).isEqualTo(1);
            assertThat(result.sha256()).isEqualTo(sha);
            assertThat(SegmentCompletion.sha256(target)).isEqualTo(sha);
        }
    }

    @Test
    void aFileThatChangesMidwayStartsOverAndEndsAsOneVersion() throws Exception {
        SegmentRangeDispatcher.Version first = new SegmentRangeDispatcher.Version(randomBytes(8 * MIB, 2), "\"a\"");
        SegmentRangeDispatcher.Version second = new SegmentRangeDispatcher.Version(randomBytes(8 * MIB, 3), "\"b\"");
        SegmentRangeDispatcher dispatcher = new SegmentRangeDispatcher(n -> n == 0 ? first : second);
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(dispatcher);
            Path target = dir.resolve("changing.bin");
            DownloadResult result = client.download(
                            DownloadRequest.of(server.url("/c.bin").toString(), target)
                                    .withSegments(4, MIB))
                    .block(Duration.ofSeconds(30));
            assertThat(result.succeeded()).isTrue();
            assertThat(result.sha256()).isEqualTo(RecordingHandler.sha256(second.bytes()));
            assertThat(Files.readAllBytes(target)).isEqualTo(second.bytes());
            assertThat(result.validators().etag()).isEqualTo("\"b\"");
            assertThat(result.segments()).isEqualTo(4);
            assertThat(dispatcher.ranges().stream().filter("bytes=0-"::equals)).hasSize(2);
        }
    }

    @Test
    void aPartOfAnotherVersionStartsOverEvenWhenTheServerIgnoresIfRange() throws Exception {
        SegmentRangeDispatcher.Version first = new SegmentRangeDispatcher.Version(randomBytes(8 * MIB, 5), "\"a\"");
        SegmentRangeDispatcher.Version second = new SegmentRangeDispatcher.Version(randomBytes(8 * MIB, 6), "\"b\"");
        SegmentRangeDispatcher dispatcher = new SegmentRangeDispatcher(n -> n == 0 ? first : second);
        dispatcher.ignoreIfRange();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(dispatcher);
            Path target = dir.resolve("spliced.bin");
            DownloadResult result = client.download(
                            DownloadRequest.of(server.url("/s.bin").toString(), target)
                                    .withSegments(4, MIB))
                    .block(Duration.ofSeconds(30));
            assertThat(Files.readAllBytes(target)).isEqualTo(second.bytes());
            assertThat(result.sha256()).isEqualTo(RecordingHandler.sha256(second.bytes()));
            assertThat(dispatcher.ranges().stream().filter("bytes=0-"::equals)).hasSize(2);
        }
    }

    @Test
    void aShortAnswerToTheWholeFileIsAnErrorNotAFile() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse()
                            .setResponseCode(206)
                            .setHeader("ETag", "\"s\"")
                            .setHeader("Content-Range", "bytes 0-99/10000000")
                            .setBody(new Buffer().write(new byte[100]));
                }
            });
            Path target = dir.resolve("short.bin");
            Throwable error = client.download(
                            DownloadRequest.of(server.url("/short.bin").toString(), target)
                                    .withSegments(4, MIB))
                    .map(r -> (Throwable) null)
                    .onErrorResume(Mono::just)
                    .block(Duration.ofSeconds(30));
            assertThat(error).isInstanceOf(java.io.IOException.class).hasMessageContaining("bytes 0-99/10000000");
            assertThat(target).doesNotExist();
            assertThat(FileDownload.partFile(target)).doesNotExist();
        }
    }

    @Test
    void anEmptyFileLandsEmpty() throws Exception {
        try (Nginx nginx = new Nginx()) {
            nginx.writeFile("empty.bin", new byte[0]);
            Path target = dir.resolve("empty.bin");
            DownloadResult result = client.download(DownloadRequest.of(nginx.httpUrl("empty.bin"), target)
                            .withSegments(4))
                    .block(Duration.ofSeconds(30));
            assertThat(result.succeeded()).isTrue();
            assertThat(result.bytes()).isZero();
            assertThat(result.sha256()).isEqualTo(RecordingHandler.sha256(new byte[0]));
            assertThat(target).exists().isEmptyFile();
            assertThat(FileDownload.partFile(target)).doesNotExist();
        }
    }

    @Test
    void aPartCutMidwayFailsKeepsItsProgressAndTheNextCallResumesIt() throws Exception {
        SegmentRangeDispatcher.Version file = new SegmentRangeDispatcher.Version(randomBytes(16 * MIB, 4), "\"r\"");
        SegmentRangeDispatcher dispatcher = new SegmentRangeDispatcher(n -> file);
        dispatcher.breakRangesStartingAt(8 * MIB);
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(dispatcher);
            Path target = dir.resolve("resumed.bin");
            DownloadRequest request =
                    DownloadRequest.of(server.url("/r.bin").toString(), target).withSegments(4, 4 * MIB);
            Throwable error = client.download(request)
                    .map(r -> (Throwable) null)
                    .onErrorResume(Mono::just)
                    .block(Duration.ofSeconds(30));
            assertThat(error).isNotNull();
            assertThat(target).doesNotExist();
            assertThat(SegmentRecord.of(target)).exists();
            assertThat(FileDownload.partFile(target)).exists();

            dispatcher.breakRangesStartingAt(-1);
            int before = dispatcher.ranges().size();
            DownloadResult result = client.download(request).block(Duration.ofSeconds(30));
            assertThat(result.succeeded()).isTrue();
            assertThat(result.segments()).isEqualTo(4);
            assertThat(result.resumedFrom()).isPositive();
            assertThat(Files.readAllBytes(target)).isEqualTo(file.bytes());
            assertThat(SegmentRecord.of(target)).doesNotExist();
            List<String> resumed =
                    dispatcher.ranges().subList(before, dispatcher.ranges().size());
            assertThat(resumed).noneMatch("bytes=0-"::equals);
            assertThat(resumed).anyMatch(r -> {
                long start = Long.parseLong(r.substring(6, r.indexOf('-')));
                return start > 8 * MIB && start < 12 * MIB;
            });
        }
    }

    @Test
    void aBatchRetryResumesTheBrokenPart() throws Exception {
        SegmentRangeDispatcher.Version file = new SegmentRangeDispatcher.Version(randomBytes(16 * MIB, 7), "\"t\"");
        SegmentRangeDispatcher dispatcher = new SegmentRangeDispatcher(n -> file);
        dispatcher.breakOneRangeStartingAt(4 * MIB);
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(dispatcher);
            Path target = dir.resolve("retried.bin");
            DownloadRequest request =
                    DownloadRequest.of(server.url("/t.bin").toString(), target).withSegments(4, 4 * MIB);
            DownloadResult result =
                    client.batch(Flux.just(request), 1, 2).results().blockLast(Duration.ofSeconds(30));
            assertThat(result.succeeded()).isTrue();
            assertThat(result.attempts()).isEqualTo(2);
            assertThat(result.resumedFrom()).isPositive();
            assertThat(Files.readAllBytes(target)).isEqualTo(file.bytes());
        }
    }

    @Test
    void partsThatTheMeterPausesResumeAndCountEveryByteOnce() throws Exception {
        try (Nginx nginx = new Nginx()) {
            String sha = nginx.writeCountingFile("paused.bin", 16 * MIB);
            Path target = dir.resolve("paused.bin");
            AtomicLong received = new AtomicLong();
            AtomicInteger admits = new AtomicInteger();
            AtomicInteger pauses = new AtomicInteger();
            DownloadMeter meter = new DownloadMeter() {
                @Override
                public boolean admit(Transfer transfer, int bytes) {
                    if (admits.incrementAndGet() % 7 != 0) {
                        return true;
                    }
                    pauses.incrementAndGet();
                    // Resumed from another thread, as a rate limit's timer does.
                    new Thread(transfer::resume).start();
                    return false;
                }

                @Override
                public void received(int bytes) {
                    received.addAndGet(bytes);
                }
            };
            DownloadResult result = client.download(
                            DownloadRequest.of(nginx.httpUrl("paused.bin"), target)
                                    .withSegments(4),
                            meter,
                            null,
                            new AtomicInteger())
                    .block(Duration.ofSeconds(60));
            assertThat(result.segments()).isEqualTo(4);
            assertThat(result.sha256()).isEqualTo(sha);
            assertThat(received.get()).isEqualTo(16 * MIB);
            assertThat(pauses.get()).isPositive();
        }
    }

    @Test
    void cancellingMidwayStopsEveryPartAndKeepsTheProgress() throws Exception {
        try (Nginx nginx = new Nginx("location /slow/ { limit_rate 1m; }")) {
            nginx.writeCountingFile("slow/big.bin", 32 * MIB);
            Path target = dir.resolve("cancelled.bin");
            Path part = FileDownload.partFile(target);
            Disposable running = client.download(DownloadRequest.of(nginx.httpUrl("slow/big.bin"), target)
                            .withSegments(4))
                    .subscribe();
            // The last part writes past 24 MiB: every part is running.
            Await.until(Duration.ofSeconds(30), () -> size(part) > 24 * MIB, "all four parts writing");
            running.dispose();
            Await.until(Duration.ofSeconds(10), () -> recordedBytes(target) > 0, "the progress kept");
            assertThat(target).doesNotExist();
        }
    }

    @Test
    void aWrongExpectedChecksumFailsAndLeavesNothing() throws Exception {
        try (Nginx nginx = new Nginx()) {
            nginx.writeCountingFile("big.bin", 16 * MIB);
            Path target = dir.resolve("wrong.bin");
            Throwable error = client.download(DownloadRequest.of(nginx.httpUrl("big.bin"), target)
                            .withExpectedSha256("0".repeat(64))
                            .withSegments(4))
                    .map(r -> (Throwable) null)
                    .onErrorResume(Mono::just)
                    .block(Duration.ofSeconds(30));
            assertThat(error).isInstanceOf(DownloadVerificationException.class);
            assertThat(target).doesNotExist();
            assertThat(FileDownload.partFile(target)).doesNotExist();
            assertThat(SegmentRecord.of(target)).doesNotExist();
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** The bytes the progress record counts once no part is running any more (the record is final). */
    private static long recordedBytes(Path target) {
        SegmentPlan plan = SegmentRecord.read(SegmentRecord.of(target), size(FileDownload.partFile(target)));
        return plan == null ? 0 : plan.written();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static byte[] randomBytes(long size, long seed) {
        byte[] bytes = new byte[(int) size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
