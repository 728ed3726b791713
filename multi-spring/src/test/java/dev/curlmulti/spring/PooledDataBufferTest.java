package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.reactor.internal.ChunkLeaks;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.PooledDataBuffer;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * WebClient bodies on our connector are pooled {@link PooledDataBuffer}s: Spring's release gives
 * them back, a released one throws on use, a retained one lives until its last release, and a
 * view taken from one keeps its bytes after the release while other bodies flow. Spring's codecs
 * (String, byte[], streaming) release what they read: the suite's leak check fails on any buffer
 * collected unreleased.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class PooledDataBufferTest {
    private final MockWebServer server = new MockWebServer();
    private CurlClientHttpConnector connector;
    private WebClient webClient;

    @BeforeEach
    void setUp() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
        connector = new CurlClientHttpConnector();
        webClient = WebClient.builder()
                .clientConnector(connector)
                .baseUrl(server.url("/").toString())
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        connector.close();
        server.shutdown();
    }

    @Test
    void bodyBuffersArePooledAndFailLoudlyAfterTheirRelease() {
        server.enqueue(new MockResponse().setBody("pooled body"));
        List<DataBuffer> buffers = webClient
                .get()
                .uri("/")
                .retrieve()
                .bodyToFlux(DataBuffer.class)
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(buffers).hasSize(1);
        DataBuffer buffer = buffers.get(0);
        assertThat(buffer).isInstanceOf(PooledDataBuffer.class);
        assertThat(((CurlBufferFactory) buffer.factory()).delegate()).isSameAs(DefaultDataBufferFactory.sharedInstance);
        ((PooledDataBuffer) buffer).retain();
        assertThat(DataBufferUtils.release(buffer)).isFalse(); // one reference left
        assertThat(buffer.toString(StandardCharsets.UTF_8)).isEqualTo("pooled body");
        assertThat(DataBufferUtils.release(buffer)).isTrue();
        assertThat(((PooledDataBuffer) buffer).isAllocated()).isFalse();
        assertThatThrownBy(buffer::readableByteCount)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after release");
        assertThatThrownBy(() -> buffer.toString(StandardCharsets.UTF_8)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> buffer.read(new byte[1])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(((PooledDataBuffer) buffer)::release).isInstanceOf(IllegalStateException.class);
        assertThat(DataBufferUtils.release(buffer)).isFalse(); // Spring's release tolerates a second one
    }

    @Test
    void aViewTakenFromABufferKeepsItsBytesAfterTheRelease() {
        byte[] a = new byte[1 << 20];
        Arrays.fill(a, (byte) 'a');
        byte[] b = new byte[1 << 20];
        Arrays.fill(b, (byte) 'b');
        server.enqueue(new MockResponse().setBody(new Buffer().write(a)));
        for (int i = 0; i < 8; i++) {
            server.enqueue(new MockResponse().setBody(new Buffer().write(b)));
        }
        List<ByteBuffer> views = webClient
                .get()
                .uri("/a")
                .retrieve()
                .bodyToFlux(DataBuffer.class)
                .map(buffer -> {
                    ByteBuffer view;
                    try (DataBuffer.ByteBufferIterator iterator = buffer.readableByteBuffers()) {
                        view = iterator.next();
                    }
                    DataBufferUtils.release(buffer);
                    return view;
                })
                .collectList()
                .block(Duration.ofSeconds(10));
        for (int i = 0; i < 8; i++) {
            webClient
                    .get()
                    .uri("/b")
                    .retrieve()
                    .bodyToFlux(DataBuffer.class)
                    .doOnNext(DataBufferUtils::release)
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
    void springsCodecsGiveEveryBufferBack() throws Exception {
        byte[] big = new byte[3 << 20];
        Arrays.fill(big, (byte) 'c');
        server.enqueue(new MockResponse().setBody(new Buffer().write(big)));
        server.enqueue(new MockResponse().setBody(new Buffer().write(big)));
        server.enqueue(new MockResponse().setBody(new Buffer().write(big)));
        int before = ChunkLeaks.enabled() ? ChunkLeaks.outstanding() : 0;
        WebClient large = webClient
                .mutate()
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 << 20))
                .build();
        assertThat(large.get().uri("/s").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)))
                .hasSize(3 << 20);
        assertThat(large.get().uri("/b").retrieve().bodyToMono(byte[].class).block(Duration.ofSeconds(10)))
                .hasSize(3 << 20);
        // A body cancelled part way: WebClient releases what it drops.
        assertThat(large.get()
                        .uri("/t")
                        .retrieve()
                        .bodyToFlux(DataBuffer.class)
                        .doOnNext(DataBufferUtils::release)
                        .take(3)
                        .count()
                        .block(Duration.ofSeconds(10)))
                .isEqualTo(3);
        if (ChunkLeaks.enabled()) {
            Await.value(
                    Duration.ofSeconds(10),
                    ChunkLeaks::outstanding,
                    n -> n == before,
                    "outstanding chunks back to " + before);
        }
    }
}
