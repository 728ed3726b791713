package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.testing.NoLeakedHandles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * {@link CurlRequest.Builder#progress}: download and upload counts up to the body sizes, unknown totals
 * as -1, at most one event per interval, one complete event last, and a throwing listener ending its own
 * request only. Real libcurl against MockWebServer on loopback.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class ProgressTest {
    private static final int SIZE = 300_000;
    private final MockWebServer server = new MockWebServer();
    private final CurlClient client = CurlClient.create();

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.shutdown();
    }

    private static Buffer body(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) i;
        }
        return new Buffer().write(bytes);
    }

    /** {@code size} bytes in 64 KiB pieces 10 ms apart: libcurl sees the body arrive over several turns. */
    private static MockResponse paced(int size) {
        return new MockResponse().setBody(body(size)).throttleBody(64 * 1024, 10, TimeUnit.MILLISECONDS);
    }

    private String url() {
        return server.url("/p").toString();
    }

    /** Sends {@code request} and reads its whole body; returns the body's size. */
    private int send(CurlRequest request) {
        return client.request(request)
                .flatMap(CurlResponse::bodyAsBytes)
                .map(b -> b.length)
                .block(Duration.ofSeconds(20));
    }

    /** Every event but the last is not complete, the last is; counts never go down. */
    private static void assertWellFormed(List<Progress> events) {
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1).complete()).isTrue();
        assertThat(events.subList(0, events.size() - 1)).noneMatch(Progress::complete);
        for (int i = 1; i < events.size(); i++) {
            Progress before = events.get(i - 1);
            Progress now = events.get(i);
            assertThat(now.downloaded()).isGreaterThanOrEqualTo(before.downloaded());
            assertThat(now.uploaded()).isGreaterThanOrEqualTo(before.uploaded());
            assertThat(now.elapsed()).isGreaterThanOrEqualTo(before.elapsed());
        }
    }

    @Test
    void downloadProgressReachesTheBodySize() {
        server.enqueue(paced(SIZE));
        List<Progress> events = new CopyOnWriteArrayList<>();
        CurlRequest request =
                CurlRequest.builder(url()).progress(Duration.ZERO, events::add).build();

        assertThat(send(request)).isEqualTo(SIZE);

        assertWellFormed(events);
        Progress last = events.get(events.size() - 1);
        assertThat(last.downloaded()).isEqualTo(SIZE);
        assertThat(last.downloadTotal()).isEqualTo(SIZE);
        assertThat(last.uploaded()).isZero();
        assertThat(last.uploadTotal()).isZero();
        // Before the last event: the total is the Content-Length once the head is in, -1 before.
        assertThat(events).allMatch(p -> p.downloadTotal() == SIZE || p.downloadTotal() == -1);
        assertThat(events).anyMatch(p -> !p.complete() && p.downloadTotal() == SIZE);
        assertThat(events).allMatch(p -> p.downloaded() <= SIZE);
        assertThat(events).allMatch(p -> p.uploadTotal() == -1 || p.complete());
    }

    @Test
    void aDownloadOfUnknownLengthReportsItsTotalAsUnknownUntilTheEnd() {
        server.enqueue(new MockResponse()
                .setChunkedBody(body(SIZE), 16 * 1024)
                .throttleBody(64 * 1024, 10, TimeUnit.MILLISECONDS));
        List<Progress> events = new CopyOnWriteArrayList<>();
        CurlRequest request =
                CurlRequest.builder(url()).progress(Duration.ZERO, events::add).build();

        assertThat(send(request)).isEqualTo(SIZE);

        assertWellFormed(events);
        assertThat(events.subList(0, events.size() - 1)).allMatch(p -> p.downloadTotal() == -1);
        assertThat(events.subList(0, events.size() - 1)).anyMatch(p -> p.downloaded() > 0);
        Progress last = events.get(events.size() - 1);
        assertThat(last.downloaded()).isEqualTo(SIZE);
        assertThat(last.downloadTotal()).isEqualTo(SIZE);
    }

    @Test
    void aCompressedResponseCountsItsBytesAsTheyArrive() {
        byte[] original = new byte[SIZE];
        byte[] gzip = dev.curlmulti.core.testing.Compressed.encode("gzip", original);
        server.enqueue(new MockResponse().setHeader("Content-Encoding", "gzip").setBody(new Buffer().write(gzip)));
        List<Progress> events = new CopyOnWriteArrayList<>();
        CurlRequest request = CurlRequest.builder(url())
                .compression(true)
                .progress(Duration.ZERO, events::add)
                .build();

        assertThat(send(request)).isEqualTo(SIZE);

        assertWellFormed(events);
        // The counts compare with Content-Length, the encoded size, not with the decoded body.
        assertThat(events).anyMatch(p -> !p.complete() && p.downloadTotal() == gzip.length);
        assertThat(events.get(events.size() - 1).downloaded()).isEqualTo(gzip.length);
    }

    @Test
    void uploadProgressReachesTheUploadSize() throws Exception {
        server.enqueue(new MockResponse().setBody("ok"));
        byte[] upload = new byte[SIZE];
        List<Progress> events = new CopyOnWriteArrayList<>();
        CurlRequest request = CurlRequest.builder(url())
                .method("POST")
                .body(RequestBody.ofBytes(upload))
                .progress(Duration.ZERO, events::add)
                .build();

        assertThat(send(request)).isEqualTo(2);

        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded.getBodySize()).isEqualTo(SIZE);
        assertWellFormed(events);
        // -1 until libcurl has taken the body's size, at the start of the transfer.
        assertThat(events).allMatch(p -> p.uploadTotal() == SIZE || p.uploadTotal() == -1);
        assertThat(events).anyMatch(p -> !p.complete() && p.uploadTotal() == SIZE);
        Progress last = events.get(events.size() - 1);
        assertThat(last.uploaded()).isEqualTo(SIZE);
        assertThat(last.uploadTotal()).isEqualTo(SIZE);
        assertThat(last.downloaded()).isEqualTo(2);
    }

    @Test
    void aStreamedUploadWithoutALengthReportsItsTotalAsUnknownUntilTheEnd() throws Exception {
        server.enqueue(new MockResponse().setBody("ok"));
        Flux<ByteBuffer> chunks = Flux.range(0, 10).map(i -> ByteBuffer.wrap(new byte[30_000]));
        List<Progress> events = new CopyOnWriteArrayList<>();
        CurlRequest request = CurlRequest.builder(url())
                .method("PUT")
                .body(RequestBody.ofPublisher(chunks, -1))
                .progress(Duration.ZERO, events::add)
                .build();

        assertThat(send(request)).isEqualTo(2);

        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getBodySize()).isEqualTo(SIZE);
        assertWellFormed(events);
        assertThat(events.subList(0, events.size() - 1)).allMatch(p -> p.uploadTotal() == -1);
        Progress last = events.get(events.size() - 1);
        // Sent chunked on HTTP/1.1: libcurl counts the chunks' framing (a few bytes each) as sent.
        assertThat(last.uploaded()).isBetween((long) SIZE, SIZE + 200L);
        assertThat(last.uploadTotal()).isEqualTo(last.uploaded());
    }

    @Test
    void eventsComeAtMostOncePerInterval() {
        // 8 pieces of 32 KiB, one each 50 ms: the body takes at least 350 ms to arrive.
        server.enqueue(new MockResponse().setBody(body(256 * 1024)).throttleBody(32 * 1024, 50, TimeUnit.MILLISECONDS));
        Duration interval = Duration.ofMillis(100);
        List<Progress> events = new CopyOnWriteArrayList<>();
        CurlRequest request =
                CurlRequest.builder(url()).progress(interval, events::add).build();

        assertThat(send(request)).isEqualTo(256 * 1024);

        assertWellFormed(events);
        List<Progress> sampled = events.subList(0, events.size() - 1);
        // The first at libcurl's first call, then one at the first call 100 ms or more after the last.
        assertThat(sampled.size())
                .isBetween(2, 1 + (int) (events.get(events.size() - 1).elapsed().toMillis() / 100));
        for (int i = 1; i < sampled.size(); i++) {
            assertThat(sampled.get(i).elapsed().minus(sampled.get(i - 1).elapsed()))
                    .isGreaterThanOrEqualTo(interval);
        }
    }

    @Test
    void aThrowingListenerEndsItsOwnRequestWithThatExceptionAndNoOther() {
        server.enqueue(paced(SIZE));
        server.enqueue(new MockResponse().setBody(body(SIZE)));
        IllegalStateException broken = new IllegalStateException("listener broke");
        CurlRequest failing = CurlRequest.builder(url())
                .progress(Duration.ZERO, p -> {
                    if (p.downloaded() > 0) {
                        throw broken;
                    }
                })
                .build();

        assertThatThrownBy(() -> send(failing)).isSameAs(broken);
        assertThat(send(CurlRequest.get(url()))).isEqualTo(SIZE);
    }

    @Test
    void aThrowingListenerAtTheLastEventFailsTheRequest() {
        server.enqueue(new MockResponse().setBody("small"));
        IllegalStateException broken = new IllegalStateException("listener broke at the end");
        CurlRequest failing = CurlRequest.builder(url())
                .progress(Duration.ofDays(1), p -> {
                    if (p.complete()) {
                        throw broken;
                    }
                })
                .build();

        assertThatThrownBy(() -> send(failing)).isSameAs(broken);
    }

    @Test
    void aFileDownloadReportsProgressToo(@TempDir Path dir) throws Exception {
        server.enqueue(new MockResponse().setBody(body(SIZE)));
        List<Progress> events = new CopyOnWriteArrayList<>();
        CurlRequest request =
                CurlRequest.builder(url()).progress(Duration.ZERO, events::add).build();
        Path target = dir.resolve("file");

        client.download(new DownloadRequest(request, target, false, false)).block(Duration.ofSeconds(20));

        assertThat(Files.size(target)).isEqualTo(SIZE);
        assertWellFormed(events);
        assertThat(events.get(events.size() - 1).downloaded()).isEqualTo(SIZE);
    }

    @Test
    void theBuilderRefusesANegativeIntervalAndNullRemovesTheListener() {
        assertThatThrownBy(() -> CurlRequest.builder(url()).progress(Duration.ofMillis(-1), p -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        CurlRequest request = CurlRequest.builder(url())
                .progress(Duration.ZERO, p -> {})
                .build()
                .newBuilder()
                .progress(Duration.ZERO, null)
                .build();
        assertThat(request.progressWatch()).isNull();
        assertThat(CurlRequest.builder(url())
                        .progress(Duration.ZERO, p -> {})
                        .build()
                        .newBuilder()
                        .build()
                        .progressWatch())
                .isNotNull();
    }
}
