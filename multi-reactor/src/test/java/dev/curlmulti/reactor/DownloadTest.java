package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.testing.Nginx;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawServer;
import dev.curlmulti.core.testing.RecordingHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

/** Downloads to files: atomic, resumable, checksummed; batches with retries and progress. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class DownloadTest {
    private Nginx nginx;
    private CurlClient client;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        nginx = new Nginx();
        client = CurlClient.create();
        dir = Files.createTempDirectory("downloads");
    }

    @AfterEach
    void tearDown() throws Exception {
        client.dispose();
        nginx.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aDownloadLandsWholeWithItsChecksumAndNoPartFileLeft() throws Exception {
        String sha = nginx.writeCountingFile("a.bin", 5_000_000);
        Path target = dir.resolve("sub/a.bin");
        DownloadResult result = client.download(nginx.httpUrl("a.bin"), target).block(Duration.ofSeconds(30));
        assertThat(result.succeeded()).isTrue();
        assertThat(result.bytes()).isEqualTo(5_000_000);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.sha256()).isEqualTo(sha);
        assertThat(RecordingHandler.sha256(Files.readAllBytes(target))).isEqualTo(sha);
        assertThat(FileDownload.partFile(target)).doesNotExist();
        assertThat(result.timings().total()).isPositive();
    }

    @Test
    void aFailedDownloadNeverLeavesAFileThatLooksComplete() {
        Path target = dir.resolve("missing.bin");
        Throwable error = client.download(nginx.httpUrl("missing.bin"), target)
                .map(r -> (Throwable) null)
                .onErrorResume(e -> reactor.core.publisher.Mono.just(e))
                .block(Duration.ofSeconds(10));
        assertThat(error).isInstanceOf(HttpStatusException.class);
        assertThat(((HttpStatusException) error).status()).isEqualTo(404);
        assertThat(target).doesNotExist();
        assertThat(FileDownload.partFile(target)).doesNotExist();
    }

    @Test
    void aBodyCutMidwayKeepsExactlyTheBytesThatArrivedForAResume() throws Exception {
        // Past 512 KiB the download gathers chunks before writing; a reset must still leave every
        // byte that arrived, in order, in the part file.
        byte[] body = dev.curlmulti.core.testing.TestServer.body(3 << 20, 7);
        int sent = (2 << 20) + 12_345;
        // The server sends the head and the first `sent` bytes of the body, then closes.
        try (RawServer server = new RawServer(connection -> {
            connection.getInputStream().read(new byte[8192]);
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n");
            connection.getOutputStream().write(body, 0, sent);
        })) {
            Path target = dir.resolve("cut.bin");
            String url = server.url("/cut.bin");
            assertThatThrownBy(() -> client.download(url, target).block(Duration.ofSeconds(30)))
                    .satisfies(e -> assertThat(reactor.core.Exceptions.unwrap(e))
                            .isInstanceOf(dev.curlmulti.core.CurlException.class));
            assertThat(target).doesNotExist();
            assertThat(Files.readAllBytes(FileDownload.partFile(target)))
                    .isEqualTo(java.util.Arrays.copyOf(body, sent));
        }
    }

    @Test
    void aPartFileIsResumedWithARangeRequest() throws Exception {
        String sha = nginx.writeCountingFile("r.bin", 4_000_000);
        Path target = dir.resolve("r.bin");
        // What an interrupted attempt left behind: the first 1.5 MB.
        DownloadResult whole = client.download(nginx.httpUrl("r.bin"), dir.resolve("whole.bin"))
                .block();
        byte[] all = Files.readAllBytes(whole.path());
        Files.write(FileDownload.partFile(target), java.util.Arrays.copyOf(all, 1_500_000));
        PartRecords.recordServersVersion(client, nginx.httpUrl("r.bin"), target);

        DownloadResult resumed = client.download(nginx.httpUrl("r.bin"), target).block(Duration.ofSeconds(30));
        assertThat(resumed.resumedFrom()).isEqualTo(1_500_000);
        assertThat(resumed.status()).isEqualTo(206);
        assertThat(resumed.bytes()).isEqualTo(4_000_000);
        assertThat(resumed.sha256()).isEqualTo(sha);
        assertThat(Files.readAllBytes(target)).isEqualTo(all);

        // A part file that is already complete needs nothing more (the server answers 416).
        Path again = dir.resolve("again.bin");
        Files.write(FileDownload.partFile(again), all);
        PartRecords.recordServersVersion(client, nginx.httpUrl("r.bin"), again);
        DownloadResult complete = client.download(nginx.httpUrl("r.bin"), again).block(Duration.ofSeconds(30));
        assertThat(complete.bytes()).isEqualTo(4_000_000);
        assertThat(complete.sha256()).isEqualTo(sha);
        assertThat(Files.readAllBytes(again)).isEqualTo(all);
        assertThat(PartRecord.of(again)).doesNotExist();
    }

    @Test
    void aBatchRetriesTransientFailuresReportsTheRestAndShowsProgress() throws Exception {
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            shas.add(nginx.writeCountingFile("f" + i + ".bin", 100_000 + i * 10_000L));
        }
        AtomicInteger flakyCalls = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        try (MockWebServer flaky = new MockWebServer()) {
            flaky.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    if (request.getPath().startsWith("/slow")) {
                        int now = concurrent.incrementAndGet();
                        maxConcurrent.accumulateAndGet(now, Math::max);
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        concurrent.decrementAndGet();
                        return new MockResponse().setBody("slow");
                    }
                    return flakyCalls.incrementAndGet() == 1
                            ? new MockResponse().setResponseCode(503)
                            : new MockResponse().setBody("recovered");
                }
            });
            flaky.start();
            List<DownloadRequest> requests = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                requests.add(DownloadRequest.of(nginx.httpUrl("f" + i + ".bin"), dir.resolve("f" + i + ".bin")));
            }
            requests.add(DownloadRequest.of(nginx.httpUrl("nope.bin"), dir.resolve("nope.bin")));
            requests.add(DownloadRequest.of(flaky.url("/flaky").toString(), dir.resolve("flaky.txt")));
            for (int i = 0; i < 12; i++) {
                requests.add(DownloadRequest.of(flaky.url("/slow/" + i).toString(), dir.resolve("slow" + i + ".txt")));
            }

            DownloadBatch batch = client.batch(Flux.fromIterable(requests), 4, 3);
            var watching = batch.progress(Duration.ofMillis(20)).collectList().toFuture();
            List<DownloadResult> results = batch.results().collectList().block(Duration.ofSeconds(60));
            // The progress stream ends by itself once the batch has, with a final snapshot.
            List<DownloadProgress> progress = watching.get(5, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(results).hasSize(requests.size());
            for (int i = 0; i < 20; i++) {
                int index = i;
                DownloadResult result = results.stream()
                        .filter(r ->
                                r.request().target().getFileName().toString().equals("f" + index + ".bin"))
                        .findFirst()
                        .orElseThrow();
                assertThat(result.succeeded()).isTrue();
                assertThat(result.sha256()).isEqualTo(shas.get(i));
            }
            DownloadResult missing = results.stream()
                    .filter(r -> r.request().target().endsWith("nope.bin"))
                    .findFirst()
                    .orElseThrow();
            assertThat(missing.succeeded()).isFalse();
            assertThat(missing.error()).isInstanceOf(HttpStatusException.class);
            assertThat(missing.attempts()).isEqualTo(1);
            DownloadResult recovered = results.stream()
                    .filter(r -> r.request().target().endsWith("flaky.txt"))
                    .findFirst()
                    .orElseThrow();
            assertThat(recovered.succeeded()).isTrue();
            assertThat(recovered.attempts()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("flaky.txt"))).isEqualTo("recovered");
            assertThat(maxConcurrent.get()).isLessThanOrEqualTo(4);
            assertThat(progress).isNotEmpty();
            DownloadProgress last = progress.get(progress.size() - 1);
            assertThat(last.filesDone()).isEqualTo(requests.size() - 1);
            assertThat(last.filesFailed()).isEqualTo(1);
            assertThat(last.bytes()).isGreaterThanOrEqualTo(20 * 100_000L);
        }
    }
}
