package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.RawServer;
import dev.curlmulti.reactor.internal.ChunkLeaks;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pooled body form ({@link CurlResponse#bodyChunks()}): the same bytes as {@code body()},
 * released chunks fail loudly, an escaped view keeps its bytes, and every chunk comes back on the
 * cancel, error, close and timeout paths (the leak detector's count of chunks outstanding returns to
 * where it was; the suite-wide check also fails on any chunk collected unreleased).
 */
@Timeout(60)
class BodyChunksTest {
    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void chunksCarryTheBodyAndAllComeBack() throws Exception {
        byte[] body = randomBytes(4 << 20);
        MockWebServer server =
                resources.add(LambdaMockServer.start(r -> new MockResponse().setBody(new Buffer().write(body))));
        CurlClient client = resources.client(CurlClient.builder());
        int before = baseline();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        client.get(server.url("/").toString())
                .flatMapMany(CurlResponse::bodyChunks)
                .doOnNext(chunk -> {
                    try {
                        chunk.writeTo(received);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } finally {
                        chunk.release();
                    }
                })
                .blockLast(Duration.ofSeconds(30));
        assertThat(received.toByteArray()).isEqualTo(body);
        assertThat(ChunkLeaks.outstanding()).isEqualTo(before);
    }

    @Test
    void aChunkUsedAfterItsReleaseThrowsAndCannotBeReleasedTwice() throws Exception {
        MockWebServer server = resources.add(LambdaMockServer.start(r -> new MockResponse().setBody("hello")));
        CurlClient client = resources.client(CurlClient.builder());
        List<BodyChunk> chunks = client.get(server.url("/").toString())
                .flatMapMany(CurlResponse::bodyChunks)
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(chunks).hasSize(1);
        BodyChunk chunk = chunks.get(0);
        assertThat(chunk.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(chunk.get(1)).isEqualTo((byte) 'e');
        chunk.release();
        assertThat(chunk.isReleased()).isTrue();
        assertThatThrownBy(chunk::length)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after release");
        assertThatThrownBy(() -> chunk.get(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> chunk.copyTo(ByteBuffer.allocate(8))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(chunk::toByteArray).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(chunk::asReadOnlyBuffer).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(chunk::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void aViewKeptPastTheReleaseKeepsItsBytesWhileOtherBodiesFlow() throws Exception {
        MockWebServer server = resources.add(LambdaMockServer.start(r ->
                new MockResponse().setBody(new Buffer().write(filled(r.getPath().equals("/a") ? 'a' : 'b', 1 << 20)))));
        CurlClient client = resources.client(CurlClient.builder().loops(1));
        List<ByteBuffer> views = new ArrayList<>();
        client.get(server.url("/a").toString())
                .flatMapMany(CurlResponse::bodyChunks)
                .doOnNext(chunk -> {
                    views.add(chunk.asReadOnlyBuffer());
                    chunk.release();
                })
                .blockLast(Duration.ofSeconds(10));
        // The same loop's pool now serves eight bodies of 'b': recycled memory must not be the views'.
        for (int i = 0; i < 8; i++) {
            client.get(server.url("/b").toString())
                    .flatMapMany(CurlResponse::bodyChunks)
                    .doOnNext(BodyChunk::release)
                    .blockLast(Duration.ofSeconds(10));
        }
        long total = 0;
        for (ByteBuffer view : views) {
            while (view.hasRemaining()) {
                assertThat(view.get()).isEqualTo((byte) 'a');
                total++;
            }
        }
        assertThat(total).isEqualTo(1 << 20);
    }

    @Test
    void aCancelledPipelineGivesBackWhatItsOperatorsHeld() throws Exception {
        MockWebServer server = resources.add(LambdaMockServer.start(r ->
                new MockResponse().setBody(new Buffer().write(filled('x', 8 << 20)))));
        CurlClient client = resources.client(CurlClient.builder());
        int before = baseline();
        // publishOn asks for 256 chunks ahead and holds them in its queue; take(3) cancels with it full.
        List<Integer> lengths = client.get(server.url("/").toString())
                .flatMapMany(CurlResponse::bodyChunks)
                .publishOn(reactor.core.scheduler.Schedulers.boundedElastic())
                .take(3)
                .map(chunk -> {
                    int length = chunk.length();
                    chunk.release();
                    return length;
                })
                .doOnDiscard(BodyChunk.class, BodyChunk::release)
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(lengths).hasSize(3);
        awaitOutstanding(n -> n == before);
    }

    @Test
    void aLateSubscriberAfterTheClientClosedGetsTheWholeQueuedBody() throws Exception {
        MockWebServer server = resources.add(LambdaMockServer.start(
                r -> new MockResponse().setBody(new Buffer().write(filled('y', 200_000)))));
        CurlClient client = CurlClient.builder().build();
        int before = baseline();
        CurlResponse response = client.get(server.url("/").toString()).block(Duration.ofSeconds(10));
        response.result().block(Duration.ofSeconds(10)); // the whole body is queued (below the 256 KiB mark)
        client.dispose();
        long[] bytes = new long[1];
        response.bodyChunks()
                .doOnNext(chunk -> {
                    bytes[0] += chunk.length();
                    chunk.release();
                })
                .blockLast(Duration.ofSeconds(10));
        assertThat(bytes[0]).isEqualTo(200_000);
        assertThat(ChunkLeaks.outstanding()).isEqualTo(before); // queued chunks are not pooled
    }

    @Test
    void aResetMidBodyEndsTheChunksWithTheErrorAndNothingIsLost() throws Exception {
        RawServer server = resources.raw(connection -> {
            connection.getInputStream().read(new byte[4096]);
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 4000000\r\n\r\n");
            connection.getOutputStream().write(filled('z', 300_000));
            connection.getOutputStream().flush();
            Thread.sleep(100); // the bytes sent are read before the reset
            RawServer.reset(connection);
        });
        CurlClient client = resources.client(CurlClient.builder());
        int before = baseline();
        long[] bytes = new long[1];
        AtomicReference<Throwable> error = new AtomicReference<>();
        client.get(server.url("/"))
                .flatMapMany(CurlResponse::bodyChunks)
                .doOnNext(chunk -> {
                    bytes[0] += chunk.length();
                    chunk.release();
                })
                .doOnError(error::set)
                .onErrorComplete()
                .blockLast(Duration.ofSeconds(10));
        assertThat(error.get()).isInstanceOf(dev.curlmulti.core.CurlException.class);
        assertThat(bytes[0]).isEqualTo(300_000);
        awaitOutstanding(n -> n == before);
    }

    @Test
    void anIdleTimeoutMidBodyEndsTheStreamReaderAndReleasesItsChunks() throws Exception {
        RawServer server = resources.raw(connection -> {
            connection.getInputStream().read(new byte[4096]);
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 4000000\r\n\r\n");
            connection.getOutputStream().write(filled('t', 100_000));
            connection.getOutputStream().flush();
            Thread.sleep(30_000); // then nothing: the idle timeout ends it
        });
        CurlClient client = resources.client(CurlClient.builder().idleTimeout(Duration.ofMillis(500)));
        int before = baseline();
        CurlResponse response = client.get(server.url("/")).block(Duration.ofSeconds(10));
        try (InputStream in = response.bodyAsInputStream()) {
            byte[] first = in.readNBytes(100_000);
            assertThat(first).containsOnly((byte) 't');
            assertThatThrownBy(in::read).isInstanceOf(CurlTimeoutException.class);
        }
        awaitOutstanding(n -> n == before);
    }

    @Test
    void closingTheStreamEarlyReleasesWhatItHeld() throws Exception {
        MockWebServer server = resources.add(LambdaMockServer.start(r ->
                new MockResponse().setBody(new Buffer().write(filled('s', 4 << 20)))));
        CurlClient client = resources.client(CurlClient.builder());
        int before = baseline();
        CurlResponse response = client.get(server.url("/").toString()).block(Duration.ofSeconds(10));
        try (InputStream in = response.bodyAsInputStream()) {
            assertThat(in.readNBytes(100_000)).hasSize(100_000).containsOnly((byte) 's');
        }
        awaitOutstanding(n -> n == before);
    }

    @Test
    void theBodyTakesOneSubscriberInEitherForm() throws Exception {
        MockWebServer server = resources.add(LambdaMockServer.start(r -> new MockResponse().setBody("once")));
        CurlClient client = resources.client(CurlClient.builder());
        CurlResponse response = client.get(server.url("/").toString()).block(Duration.ofSeconds(10));
        assertThat(response.bodyAsString().block(Duration.ofSeconds(10))).isEqualTo("once");
        assertThatThrownBy(() -> response.bodyChunks().blockLast(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only once");
    }

    @Test
    void theLeakDetectorReportsAChunkCollectedWithoutRelease() throws Exception {
        assumeTrue(ChunkLeaks.enabled(), "the build runs tests with -Ddev.curlmulti.leakDetection=on");
        // Pooled chunks: at least 8 KiB each (smaller ones get arrays of their own, untracked).
        MockWebServer server = resources.add(LambdaMockServer.start(r ->
                new MockResponse().setBody(new Buffer().write(filled('f', 64 * 1024)))));
        CurlClient client = resources.client(CurlClient.builder());
        String url = server.url("/forgotten").toString();
        client.get(url).flatMapMany(CurlResponse::bodyChunks).count().block(Duration.ofSeconds(10)); // never released
        List<String> leaks = new ArrayList<>();
        Await.until(
                Duration.ofSeconds(5),
                () -> {
                    System.gc(); // the detector learns of the chunk once it is collected
                    leaks.addAll(ChunkLeaks.drainLeaks());
                    return !leaks.isEmpty();
                },
                "the leak detector reporting the forgotten chunk");
        assertThat(leaks)
                .isNotEmpty()
                .allSatisfy(leak ->
                        assertThat(leak).contains(url).contains("theLeakDetectorReportsAChunkCollectedWithoutRelease"));
    }

    /** The chunks outstanding now; the count needs the leak detector, which the build switches on for tests. */
    private static int baseline() {
        assumeTrue(ChunkLeaks.enabled(), "the build runs tests with -Ddev.curlmulti.leakDetection=on");
        return ChunkLeaks.outstanding();
    }

    private static void awaitOutstanding(java.util.function.IntPredicate condition) {
        Await.value(Duration.ofSeconds(10), ChunkLeaks::outstanding, condition::test, "outstanding chunks as expected");
    }

    private static byte[] filled(char c, int size) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(30).nextBytes(bytes);
        return bytes;
    }
}
