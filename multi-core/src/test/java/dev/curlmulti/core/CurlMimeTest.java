package dev.curlmulti.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.internal.NativeResources;
import dev.curlmulti.core.testing.BodyCollector;
import dev.curlmulti.core.testing.MultipartParts;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeakedHandles.class)
@Timeout(30)
class CurlMimeTest {
    private final TestServer server = new TestServer();

    @TempDir
    Path dir;

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void everyKindOfPartReachesTheServerAsFormData() throws Exception {
        byte[] bytes = TestServer.body(10_000);
        byte[] streamed = TestServer.body(50_000, 7);
        Path file = dir.resolve("notes.txt");
        Files.write(file, TestServer.body(30_000, 3));
        try (Curl c = new Curl()) {
            CurlMime mime = new CurlMime(c);
            mime.addPart().name("title").data("hello ünïcode");
            mime.addPart()
                    .name("blob")
                    .data(bytes)
                    .type("application/octet-stream")
                    .filename("blob.bin");
            mime.addPart().name("doc").fileData(file).type("text/plain").headers(List.of("X-Part: doc"));
            ByteArrayInputStream in = new ByteArrayInputStream(streamed);
            mime.addPart().name("stream").dataCallback(-1, in::read).filename("s.bin");
            c.setopt(CurlOpt.URL, server.url("/echo"));
            c.setopt(CurlOpt.MIMEPOST, mime);
            c.setopt(CurlOpt.WRITEFUNCTION, new BodyCollector());
            c.perform();
            assertThat((long) c.getinfo(CurlInfo.RESPONSE_CODE)).isEqualTo(200);
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        List<MultipartParts.Part> parts = MultipartParts.parse(request.getHeader("Content-Type"), request.getBody());
        assertThat(parts).extracting(MultipartParts.Part::name).containsExactly("title", "blob", "doc", "stream");
        assertThat(parts.get(0).text()).isEqualTo("hello ünïcode");
        assertThat(parts.get(1).body()).isEqualTo(bytes);
        assertThat(parts.get(1).filename()).isEqualTo("blob.bin");
        assertThat(parts.get(1).contentType()).isEqualTo("application/octet-stream");
        assertThat(parts.get(2).body()).isEqualTo(Files.readAllBytes(file));
        assertThat(parts.get(2).filename()).isEqualTo("notes.txt");
        assertThat(parts.get(2).headers().get("X-Part")).isEqualTo("doc");
        assertThat(parts.get(3).body()).isEqualTo(streamed);
        assertThat(parts.get(3).filename()).isEqualTo("s.bin");
    }

    @Test
    void textThatWouldBreakThePartHeaderIsRefused() {
        try (Curl c = new Curl()) {
            CurlMimePart part = new CurlMime(c).addPart();
            assertThatThrownBy(() -> part.name("a\r\nX-Injected: 1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CR, LF or NUL");
            assertThatThrownBy(() -> part.filename("f\n")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> part.type("text/plain\r")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> part.headers(List.of("X-A: 1\r\nX-B: 2")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> part.fileData(dir.resolve("missing")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theHandleOwnsItsMimeAndFreesItOnResetReplaceAndClose() throws Exception {
        long before = NativeResources.liveMimes();
        try (Curl c = new Curl();
                Curl other = new Curl()) {
            CurlMime first = new CurlMime(c);
            first.addPart().name("a").data("1");
            assertThatThrownBy(() -> other.setopt(CurlOpt.MIMEPOST, first))
                    .isInstanceOf(IllegalArgumentException.class);
            c.setopt(CurlOpt.MIMEPOST, first);
            CurlMime second = new CurlMime(c);
            second.addPart().name("b").dataCallback(1, (buffer, offset, length) -> -1);
            assertThatThrownBy(c::duphandle).isInstanceOf(IllegalStateException.class);
            c.setopt(CurlOpt.MIMEPOST, second);
            assertThat(first.isFreed()).isTrue();
            assertThatThrownBy(first::addPart).isInstanceOf(IllegalStateException.class);
            c.reset();
            assertThat(second.isFreed()).isTrue();
            new CurlMime(c).addPart().name("c").data("3");
            assertThat(NativeResources.liveMimes()).isEqualTo(before + 1);
        }
        assertThat(NativeResources.liveMimes()).isEqualTo(before);
    }
}
