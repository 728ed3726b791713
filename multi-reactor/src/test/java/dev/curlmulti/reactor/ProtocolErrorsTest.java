package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlProtocolException;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawServer;
import java.io.InputStream;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that breaks the framing gets the same answer every time, so its error is a protocol
 * error ({@link CurlProtocolException}), not a reset ({@code RetryPolicy.defaults()} does not
 * retry it); a reset stays a plain, retried {@code CurlException} with a {@link SocketException}.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class ProtocolErrorsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Throwable failureOf(CurlClient client, String url) {
        return reactor.core.Exceptions.unwrap(catchThrowable(
                () -> client.get(url).flatMap(CurlResponse::bodyAsBytes).block(WAIT)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"zz\r\nab\r\n0\r\n\r\n", "5\r\nhello\r\n123456789012345678\r\n", "5\r\nhelloXX\r\n0\r\n\r\n"})
    void brokenChunkedFramingIsAProtocolErrorAndNotRetried(String chunks) throws Exception {
        try (RawServer server = new RawServer(connection -> {
                    InputStream in = connection.getInputStream();
                    in.read(new byte[4096]);
                    RawServer.send(connection, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks);
                    RawServer.finish(connection);
                });
                CurlClient client =
                        CurlClient.builder().retry(RetryPolicy.defaults()).build()) {
            Throwable error = failureOf(client, server.url("/"));
            assertThat(error).isInstanceOf(CurlProtocolException.class);
            assertThat(((CurlException) error).code()).isEqualTo(56);
            assertThat(error).hasNoCause(); // not a SocketException: nothing was reset
            assertThat(RetryPolicy.defaults().retriesError(error)).isFalse();
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void aResetIsStillARetriedReceiveError() throws Exception {
        try (RawServer server = new RawServer(connection -> {
                    InputStream in = connection.getInputStream();
                    in.read(new byte[4096]);
                    RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Le"); // reset in the middle of the head
                    RawServer.reset(connection);
                });
                CurlClient client = CurlClient.builder()
                        .retry(RetryPolicy.defaults().withMaxAttempts(2))
                        .build()) {
            Throwable error = failureOf(client, server.url("/"));
            assertThat(error).isExactlyInstanceOf(CurlException.class);
            assertThat(error.getCause()).isInstanceOf(SocketException.class);
            assertThat(server.accepted()).isEqualTo(2);
        }
    }
}
