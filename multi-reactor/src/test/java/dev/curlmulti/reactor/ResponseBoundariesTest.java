package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlProtocolException;
import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawHttp;
import dev.curlmulti.core.testing.RawServer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * Where a response starts and what its status is come from libcurl, whatever the server sends: the
 * caller sees the status libcurl read, the head that status belongs to and that response's body,
 * or libcurl's error; never a head made up from a second reading of the bytes.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class ResponseBoundariesTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void aLowerCaseStatusLineIsTheResponseLibcurlReadsWithItsHeadersAndBody() throws Exception {
        // libcurl compares "http/" without case (checkhttpprefix) and takes such a line as HTTP/1.0 200.
        CurlResponse response = get(answering("http/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.httpVersion()).isEqualTo("HTTP/1.0");
        assertThat(response.reason()).isEmpty();
        assertThat(response.headers().first("X-A")).isEqualTo("1");
        assertThat(response.bodyAsString().block(LIMIT)).isEqualTo("hello");
    }

    @Test
    void aFieldLineThatLooksLikeAStatusLineIsAField() throws Exception {
        CurlResponse response = get(
                answering("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nHTTP/1.1 100 Continue: x\r\nX-B: 2\r\n\r\nhello"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.reason()).isEqualTo("OK");
        assertThat(response.headers().first("Content-Length")).isEqualTo("5");
        assertThat(response.headers().first("X-B")).isEqualTo("2");
        assertThat(response.bodyAsString().block(LIMIT)).isEqualTo("hello");
    }

    @Test
    void twoSpacesBeforeTheCodeGiveLibcurlsAnswer() throws Exception {
        // 7.88's sscanf skips the second space; 8.x wants a digit right after one blank.
        assertLibcurlsAnswer("HTTP/1.1  200 OK\r\nContent-Length: 5\r\n\r\nhello", !libcurl8());
    }

    @Test
    void aTabBeforeTheCodeGivesLibcurlsAnswer() throws Exception {
        // 7.88 wants a space as the separator; 8.x takes any blank (ISBLANK).
        assertLibcurlsAnswer("HTTP/1.1\t200 OK\r\nContent-Length: 5\r\n\r\nhello", libcurl8());
    }

    @Test
    void aHeadCutOffBeforeItsBlankLineIsAProtocolError() throws Exception {
        // libcurl 7.88 and 8.14 both report success for this; there is no head to give the caller.
        RawServer server = answering("HTTP/1.1 200 OK\r\nX-Real: yes\r\n");
        Throwable error = failure(client(CurlClient.builder()).get(server.url("/")));
        assertThat(error)
                .isInstanceOf(CurlProtocolException.class)
                .hasMessageContaining("inside the response head")
                .hasCauseInstanceOf(EOFException.class);
    }

    @Test
    void a304WithLocationIsFollowedLikeLibcurlDoesAndTheCallerSeesOneResponse() throws Exception {
        // http.c takes the Location of any 3xx when following; Curl_follow treats 304 like the others.
        RawServer server = raw(connection -> {
            InputStream in = connection.getInputStream();
            String target;
            while ((target = requestTarget(in)) != null) {
                RawServer.send(
                        connection,
                        target.equals("/next")
                                ? "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nX-Which: next\r\n\r\nnext"
                                : "HTTP/1.1 304 Not Modified\r\nLocation: /next\r\nX-Which: 304\r\n\r\n");
            }
        });
        CurlResponse followed = client(CurlClient.builder().followRedirects(5))
                .get(server.url("/"))
                .block(LIMIT);
        assertThat(followed.status()).isEqualTo(200);
        assertThat(followed.headers().first("X-Which")).isEqualTo("next");
        assertThat(followed.bodyAsString().block(LIMIT)).isEqualTo("next");

        CurlResponse notFollowed =
                client(CurlClient.builder()).get(server.url("/")).block(LIMIT);
        assertThat(notFollowed.status()).isEqualTo(304);
        assertThat(notFollowed.headers().first("X-Which")).isEqualTo("304");
        assertThat(notFollowed.bodyAsBytes().defaultIfEmpty(new byte[0]).block(LIMIT))
                .isEmpty();
    }

    @Test
    void the101OfAnH2cUpgradeIsInterimAndTheHttp2ResponseAfterItIsTheOne() throws Exception {
        // libcurl reads another response after a 101 only when it asked for the upgrade (UPGR101_H2).
        RawServer server = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(
                    connection, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n" + "Upgrade: h2c\r\n\r\n");
            OutputStream out = connection.getOutputStream();
            h2Frame(out, 0x4, 0, 0, new byte[0]); // SETTINGS
            h2Frame(out, 0x1, 0x4, 1, new byte[] {(byte) 0x88}); // HEADERS, END_HEADERS: :status 200 (static index 8)
            h2Frame(out, 0x0, 0x1, 1, "hello".getBytes(StandardCharsets.US_ASCII)); // DATA, END_STREAM
            connection.getInputStream().transferTo(OutputStream.nullOutputStream());
        });
        CurlResponse response = client(CurlClient.builder().httpVersion(HttpVersion.HTTP_2))
                .get(server.url("/"))
                .block(LIMIT);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.httpVersion()).isEqualTo("HTTP/2");
        assertThat(response.bodyAsString().block(LIMIT)).isEqualTo("hello");
    }

    @Test
    void aUrlWithoutASchemeTheClientKnowsIsReadAsHttpWhenLibcurlSpeaksHttpForIt() throws Exception {
        // libcurl takes "h#ttp://..." as a URL without a scheme, so HTTP: its head is an HTTP head.
        RawServer proxy = answering("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Via: proxy\r\n\r\nhello");
        CurlResponse response = client(CurlClient.builder().proxy(ProxyConfig.of(proxy.url(""))))
                .get("h#ttp://127.0.0.1:9/")
                .block(LIMIT);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().first("X-Via")).isEqualTo("proxy");
        assertThat(response.bodyAsString().block(LIMIT)).isEqualTo("hello");
    }

    /** {@code accepted}: libcurl reads the line as a 200 with its body; otherwise it refuses the reply. */
    private void assertLibcurlsAnswer(String reply, boolean accepted) throws Exception {
        RawServer server = answering(reply);
        if (accepted) {
            CurlResponse response = get(server);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.reason()).isEqualTo("OK");
            assertThat(response.bodyAsString().block(LIMIT)).isEqualTo("hello");
        } else {
            Throwable error = failure(client(CurlClient.builder()).get(server.url("/")));
            assertThat(error).isInstanceOf(CurlProtocolException.class);
            assertThat(((CurlProtocolException) error).codeName()).isEqualTo("CURLE_UNSUPPORTED_PROTOCOL");
        }
    }

    private static boolean libcurl8() {
        return CurlVersion.current().isAtLeast(8, 0, 0);
    }

    private CurlResponse get(RawServer server) {
        return client(CurlClient.builder()).get(server.url("/")).block(LIMIT);
    }

    /** The error of the response or its body. */
    private static Throwable failure(Mono<CurlResponse> response) {
        try {
            response.flatMap(CurlResponse::bodyAsBytes).block(LIMIT);
        } catch (RuntimeException e) {
            return Exceptions.unwrap(e);
        }
        throw new AssertionError("succeeded");
    }

    /** A server that reads one request and sends {@code reply}, then closes. */
    private RawServer answering(String reply) throws IOException {
        return raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, reply);
            RawServer.finish(connection);
        });
    }

    private static void h2Frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        int length = payload.length;
        out.write(new byte[] {
            (byte) (length >>> 16),
            (byte) (length >>> 8),
            (byte) length,
            (byte) type,
            (byte) flags,
            (byte) (stream >>> 24),
            (byte) (stream >>> 16),
            (byte) (stream >>> 8),
            (byte) stream
        });
        out.write(payload);
        out.flush();
    }

    /** The request target of the next request head on {@code in}; null when the client closed. */
    private static String requestTarget(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.append((char) b);
        }
        return head.toString().split(" ", 3)[1];
    }

    private CurlClient client(CurlClient.Builder builder) {
        return resources.client(builder);
    }

    private RawServer raw(RawServer.Script script) throws IOException {
        return resources.raw(script);
    }
}
