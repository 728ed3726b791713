package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.curlmulti.core.CurlConnectException;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestCertificates;
import dev.curlmulti.core.testing.TestServer;
import dev.curlmulti.reactor.CurlClient;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.Exceptions;
import reactor.util.retry.Retry;

/**
 * The failures WebClient code written for other connectors filters on, through our connector:
 * a {@link WebClientRequestException} whose root cause is the JDK's type, so
 * {@code retryWhen(Retry.backoff(...).filter(e -> rootCause(e) instanceof ConnectException))} works
 * unchanged.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class WebClientStandardExceptionsTest {
    private final CurlClient client =
            CurlClient.builder().idleTimeout(Duration.ofMillis(400)).build();
    private final WebClient webClient = WebClient.builder()
            .clientConnector(new CurlClientHttpConnector(client))
            .build();

    @AfterEach
    void tearDown() {
        client.dispose();
    }

    private Throwable failure(String url) {
        Throwable error = catchThrowable(() ->
                webClient.get().uri(url).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(20)));
        assertThat(error).as("the request should fail").isNotNull();
        return Exceptions.unwrap(error);
    }

    @Test
    void aRefusedConnectionIsRetriedByARuleOnTheRootCause() {
        String url = "http://127.0.0.1:" + TestServer.closedPort() + "/";
        AtomicInteger attempts = new AtomicInteger();
        Throwable error = catchThrowable(() -> webClient
                .get()
                .uri(url)
                .retrieve()
                .bodyToMono(String.class)
                .doOnSubscribe(s -> attempts.incrementAndGet())
                .retryWhen(Retry.backoff(2, Duration.ofMillis(10))
                        .filter(e -> NestedExceptionUtils.getRootCause(e) instanceof ConnectException))
                .block(Duration.ofSeconds(20)));
        assertThat(attempts).hasValue(3);
        Throwable last = error.getCause();
        assertThat(last).isInstanceOf(WebClientRequestException.class).hasCauseInstanceOf(CurlConnectException.class);
        assertThat(NestedExceptionUtils.getRootCause(last)).isInstanceOf(ConnectException.class);
    }

    @Test
    void anUnknownHostHasAnUnknownHostExceptionAtItsRoot() {
        Throwable error = failure("http://no-such-host.invalid/");
        assertThat(error).isInstanceOf(WebClientRequestException.class);
        assertThat(NestedExceptionUtils.getRootCause(error)).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void anUntrustedCertificateHasAnSslHandshakeExceptionAtItsRoot() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            server.useHttps(new TestCertificates().serverHandshake().sslSocketFactory(), false);
            server.enqueue(new MockResponse().setBody("never read"));
            server.start();
            Throwable error = failure("https://localhost:" + server.getPort() + "/");
            assertThat(error).isInstanceOf(WebClientRequestException.class);
            assertThat(NestedExceptionUtils.getRootCause(error)).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aBodyThatStopsArrivingHasASocketTimeoutExceptionAtItsRoot() throws IOException {
        try (StreamingServer stalling = new StreamingServer().handle("/", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            sleep(10_000);
        })) {
            assertThat(NestedExceptionUtils.getRootCause(failure(stalling.url("/"))))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aBodyCutShortHasAnEofExceptionAtItsRoot() throws IOException {
        try (StreamingServer cutting = new StreamingServer().handle("/", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            // Closing the exchange's connection before the declared length was sent.
            exchange.getHttpContext().getServer().stop(0);
        })) {
            assertThat(NestedExceptionUtils.getRootCause(failure(cutting.url("/"))))
                    .isInstanceOf(EOFException.class);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
