package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlProtocolException;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawHttp;
import dev.curlmulti.core.testing.RawServer;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Exceptions;

/**
 * What the client can honestly say about a gzip body that ends early. A body cut short of its HTTP
 * framing (fewer bytes than {@code Content-Length}, or no last chunk) is an error: libcurl counts
 * the framing. A gzip stream cut short inside complete framing is not: no libcurl checks that
 * inflate reached the end of the stream (content_encoding.c: the gzip writer's close,
 * {@code gzip_close_writer} in 7.88 and {@code gzip_do_close} in 8.14 and later, ends zlib and drops
 * the result; brotli and zstd likewise), and the client sees only the decoded bytes, so the caller
 * gets a shorter body and success. These tests pin both, so a libcurl that starts to check shows up.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class TruncatedGzipTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final byte[] TEXT = "every line of this body is the same, so it compresses well\n"
            .repeat(2_000)
            .getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void aGzipBodyCutShortOfItsContentLengthIsAProtocolError() throws Exception {
        byte[] gzip = gzip(TEXT);
        RawServer server = serving("Content-Length: " + gzip.length, Arrays.copyOf(gzip, gzip.length / 2));
        Throwable error = failure(server);
        assertThat(error).isInstanceOf(CurlProtocolException.class).hasCauseInstanceOf(EOFException.class);
    }

    @Test
    void aGzipStreamCutShortInsideCompleteFramingIsDeliveredAsTheShorterBodyLibcurlDecoded() throws Exception {
        byte[] gzip = gzip(TEXT);
        byte[] cut = Arrays.copyOf(gzip, gzip.length / 2);
        RawServer server = serving("Content-Length: " + cut.length, cut);
        CurlResponse response = client().get(server.url("/")).block(LIMIT);
        byte[] body = response.bodyAsBytes().block(LIMIT);
        assertThat(response.status()).isEqualTo(200);
        assertThat(body.length).isGreaterThan(0).isLessThan(TEXT.length);
        assertThat(body).isEqualTo(Arrays.copyOf(TEXT, body.length));
    }

    private RawServer serving(String framing, byte[] bytes) throws IOException {
        RawServer server = new RawServer(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n" + framing + "\r\n\r\n");
            connection.getOutputStream().write(bytes);
            connection.getOutputStream().flush();
            RawServer.finish(connection);
        });
        return resources.add(server);
    }

    private Throwable failure(RawServer server) {
        try {
            client().get(server.url("/")).flatMap(CurlResponse::bodyAsBytes).block(LIMIT);
        } catch (RuntimeException e) {
            return Exceptions.unwrap(e);
        }
        throw new AssertionError("succeeded");
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private CurlClient client() {
        return resources.client(CurlClient.builder().compression(true));
    }
}
