package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.curlmulti.core.CurlConnectException;
import dev.curlmulti.core.CurlDnsException;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlProtocolException;
import dev.curlmulti.core.CurlTimeoutException;
import dev.curlmulti.core.CurlTlsException;
import dev.curlmulti.core.testing.BlackholedPort;
import dev.curlmulti.core.testing.RawHttp;
import dev.curlmulti.core.testing.RawServer;
import dev.curlmulti.core.testing.TestCertificates;
import dev.curlmulti.core.testing.TestServer;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Each typed {@link CurlException} also presents the JDK's type that code written for other
 * clients filters on, as its cause: a refused connection a {@link ConnectException}, a host that
 * does not resolve an {@link UnknownHostException}, a timeout a {@link SocketTimeoutException} (a
 * connect timeout with a {@code ConnectException} as root cause), a certificate the client does not
 * trust an {@link SSLHandshakeException}, a body cut short an {@link EOFException}. Real failures
 * on loopback, through {@link CurlClient}.
 */
@Timeout(60)
class StandardExceptionsTest {
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void aRefusedConnectionIsAConnectException() {
        Throwable error = failure(client(CurlClient.builder()), "http://127.0.0.1:" + TestServer.closedPort() + "/");
        assertThat(error).isInstanceOf(CurlConnectException.class);
        assertThat(rootCause(error)).isInstanceOf(ConnectException.class).hasMessageContaining("127.0.0.1");
    }

    @Test
    void aRetryRuleOnTheRootCauseRetriesARefusedConnectionAndNothingElse() {
        CurlClient client = client(CurlClient.builder());
        Predicate<Throwable> connectFailure = e -> rootCause(e) instanceof ConnectException;

        AtomicInteger refusedAttempts = new AtomicInteger();
        Throwable refused = error(client.get("http://127.0.0.1:" + TestServer.closedPort() + "/")
                .doOnSubscribe(s -> refusedAttempts.incrementAndGet())
                .retryWhen(Retry.backoff(3, Duration.ofMillis(5)).filter(connectFailure)));
        assertThat(refusedAttempts).hasValue(4);
        assertThat(refused.getCause()).isInstanceOf(CurlConnectException.class);

        AtomicInteger dnsAttempts = new AtomicInteger();
        Throwable dns = error(client.get("http://no-such-host.invalid/")
                .doOnSubscribe(s -> dnsAttempts.incrementAndGet())
                .retryWhen(Retry.backoff(3, Duration.ofMillis(5)).filter(connectFailure)));
        assertThat(dnsAttempts).hasValue(1);
        assertThat(dns).isInstanceOf(CurlDnsException.class);
    }

    @Test
    void anUnknownHostIsAnUnknownHostException() {
        Throwable error = failure(client(CurlClient.builder()), "http://no-such-host.invalid/");
        assertThat(error).isInstanceOf(CurlDnsException.class);
        assertThat(rootCause(error)).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void aConnectTimeoutIsASocketTimeoutWhoseRootCauseIsAConnectException() throws Exception {
        BlackholedPort blackhole = new BlackholedPort();
        closeAfter.add(blackhole);
        Throwable error = failure(client(CurlClient.builder().connectTimeout(Duration.ofMillis(300))), blackhole.url());
        assertThat(error).isInstanceOf(CurlTimeoutException.class);
        assertThat(error.getCause()).isInstanceOf(SocketTimeoutException.class);
        assertThat(rootCause(error)).isInstanceOf(ConnectException.class);
    }

    @Test
    void aResponseTimeoutIsASocketTimeoutButNotAConnectFailure() throws Exception {
        RawServer silent = new RawServer(RawServer.SILENT);
        closeAfter.add(silent);
        Throwable error =
                failure(client(CurlClient.builder().responseTimeout(Duration.ofMillis(300))), silent.url("/"));
        assertThat(error).isInstanceOf(CurlTimeoutException.class);
        assertThat(rootCause(error)).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void anUntrustedCertificateIsAnSslHandshakeException() throws Exception {
        MockWebServer server = new MockWebServer();
        closeAfter.add(server);
        server.useHttps(new TestCertificates().serverHandshake().sslSocketFactory(), false);
        server.enqueue(new MockResponse().setBody("never read"));
        server.start();
        Throwable error = failure(client(CurlClient.builder()), "https://localhost:" + server.getPort() + "/");
        assertThat(error).isInstanceOf(CurlTlsException.class);
        assertThat(rootCause(error)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aBodyCutShortIsAnEofException() throws Exception {
        RawServer shortBody = new RawServer(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten..");
        });
        closeAfter.add(shortBody);
        CurlClient client = client(CurlClient.builder());
        Throwable error = error(client.get(shortBody.url("/")).flatMap(CurlResponse::bodyAsBytes));
        assertThat(error).isInstanceOf(CurlProtocolException.class);
        assertThat(rootCause(error)).isInstanceOf(EOFException.class);
    }

    @Test
    void aResetInTheMiddleOfTheBodyIsASocketOrEofException() throws Exception {
        RawServer reset = new RawServer(connection -> {
            RawHttp.skipRequestHead(connection.getInputStream());
            RawServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000));
            Thread.sleep(100); // the head and the first bytes are read before the reset
            RawServer.reset(connection);
        });
        closeAfter.add(reset);
        CurlClient client = client(CurlClient.builder());
        Throwable error = error(client.get(reset.url("/")).flatMap(CurlResponse::bodyAsBytes));
        assertThat(error).isInstanceOf(CurlException.class);
        // libcurl sees the reset as a receive error, or (if it read the close as an end) a body cut short.
        assertThat(rootCause(error)).isInstanceOfAny(SocketException.class, EOFException.class);
    }

    private CurlClient client(CurlClient.Builder builder) {
        CurlClient client = builder.build();
        closeAfter.add(client);
        return client;
    }

    private static Throwable failure(CurlClient client, String url) {
        return error(client.get(url).flatMap(CurlResponse::bodyAsBytes));
    }

    /** The error {@code mono} ends with, as its subscriber sees it (not wrapped by {@code block()}). */
    private static Throwable error(Mono<?> mono) {
        Throwable error = catchThrowable(() -> mono.block(Duration.ofSeconds(30)));
        assertThat(error).as("the transfer should fail").isNotNull();
        return Exceptions.unwrap(error);
    }

    static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
