package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawHttp;
import dev.curlmulti.core.testing.RawServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Exceptions;

/**
 * The idle timeout counts the bytes of response heads and trailers, not only body and upload bytes:
 * a head or trailers trickling in keep a transfer alive, silence in the middle of them does not.
 * libcurl hands the header callback whole lines only, so every line here arrives within the limit
 * (a single line trickled slower than the limit looks idle to the client, as it does to libcurl).
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class IdleActivityTest {
    private static final Duration IDLE = Duration.ofMillis(500);
    /** Twice the idle limit at one byte per 50 ms, in lines of 5 bytes (250 ms each, half the limit). */
    private static final String DRIBBLED_FIELDS = "X:a\r\nX:b\r\nX:c\r\nY:d\r\n";

    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void aHeadDribbledOneBytePer50MsForTwiceTheIdleLimitIsNotIdle() throws Exception {
        RawServer server = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
            dribble(connection, DRIBBLED_FIELDS + "\r\nok");
            RawServer.finish(connection);
        });
        CurlResponse response = client().get(server.url("/")).block(Duration.ofSeconds(20));
        assertThat(response.headers().all("X")).containsExactly("a", "b", "c");
        assertThat(response.headers().first("Y")).isEqualTo("d");
        assertThat(response.bodyAsString().block(Duration.ofSeconds(20))).isEqualTo("ok");
    }

    @Test
    void aServerSilentForTwiceTheIdleLimitInTheMiddleOfTheHeadTimesOut() throws Exception {
        RawServer server = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-1: a\r\n");
            Thread.sleep(1_000); // the scenario: silent for twice the 500 ms idle limit
            RawServer.send(connection, "X-2: b\r\n\r\nok");
            RawServer.finish(connection);
        });
        assertIdleFailure(server);
    }

    @Test
    void trailersDribbledOneBytePer50MsForTwiceTheIdleLimitAreNotIdle() throws Exception {
        RawServer server = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n");
            dribble(connection, DRIBBLED_FIELDS + "\r\n");
            RawServer.finish(connection);
        });
        String body = client().get(server.url("/"))
                .flatMap(CurlResponse::bodyAsString)
                .block(Duration.ofSeconds(20));
        assertThat(body).isEqualTo("ok");
    }

    @Test
    void aServerSilentForTwiceTheIdleLimitInTheMiddleOfTheTrailersTimesOut() throws Exception {
        RawServer server = raw(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(
                    connection, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-1: a\r\n");
            Thread.sleep(1_000); // the scenario: silent for twice the 500 ms idle limit
            RawServer.send(connection, "X-2: b\r\n\r\n");
            RawServer.finish(connection);
        });
        assertIdleFailure(server);
    }

    private void assertIdleFailure(RawServer server) {
        Throwable error;
        try {
            client().get(server.url("/")).flatMap(CurlResponse::bodyAsString).block(Duration.ofSeconds(20));
            throw new AssertionError("succeeded");
        } catch (RuntimeException e) {
            error = Exceptions.unwrap(e);
        }
        assertThat(error)
                .isInstanceOf(CurlTimeoutException.class)
                .hasMessageContaining("no data received or sent for 500 ms");
    }

    /** Sends {@code text} one byte at a time, 50 ms apart. */
    private static void dribble(Socket connection, String text) throws IOException, InterruptedException {
        connection.setTcpNoDelay(true);
        OutputStream out = connection.getOutputStream();
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            out.write(b);
            out.flush();
            Thread.sleep(50);
        }
    }

    private CurlClient client() {
        return resources.client(CurlClient.builder().idleTimeout(IDLE));
    }

    private RawServer raw(RawServer.Script script) throws IOException {
        return resources.raw(script);
    }
}
