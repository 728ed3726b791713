package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlProtocolException;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/**
 * The client's secure defaults, checked where they matter: on the wire. A refused scheme must
 * not open a connection at all (a listener counts what reaches it), and credentials must not reach
 * a second host after a redirect (that host records every header it gets). Proxy environment
 * variables and TLS verification are checked on the wire in {@link NetworkPathsTest} and
 * {@link TlsTest}.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class SecureDefaultsOnTheWireTest {
    private final CurlClient client = CurlClient.builder().followRedirects(5).build();
    private final List<MockWebServer> servers = new CopyOnWriteArrayList<>();
    /** Closes every connection at once: only the count of connections that reached it matters. */
    private RawServer listener;

    @BeforeEach
    void listen() throws IOException {
        listener = new RawServer(connection -> {});
    }

    @AfterEach
    void tearDown() throws IOException {
        client.dispose();
        listener.close();
        for (MockWebServer server : servers) {
            server.shutdown();
        }
    }

    @Test
    void schemesOtherThanHttpAndHttpsAreRefusedWithoutAConnection() {
        for (String scheme : new String[] {"dict", "gopher", "ftp", "telnet", "smtp", "imap", "ldap", "mqtt", "rtsp"}) {
            String url = scheme + "://127.0.0.1:" + listener.port() + "/x";
            StepVerifier.create(client.get(url))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(CurlProtocolException.class)
                            .satisfies(x ->
                                    assertThat(((CurlException) x).codeName()).isEqualTo("CURLE_UNSUPPORTED_PROTOCOL")))
                    .verify(Duration.ofSeconds(10));
        }
        StepVerifier.create(client.get("file:///etc/passwd"))
                .expectError(CurlProtocolException.class)
                .verify(Duration.ofSeconds(10));
        assertThat(listener.accepted())
                .as("connections that reached the listener")
                .isZero();
    }

    @Test
    void aRedirectToAnotherSchemeIsRefusedWithoutAConnection() throws IOException {
        for (String target : new String[] {
            "file:///etc/passwd",
            "dict://127.0.0.1:" + listener.port() + "/x",
            "gopher://127.0.0.1:" + listener.port() + "/x",
            "ftp://127.0.0.1:" + listener.port() + "/x"
        }) {
            MockWebServer redirecting =
                    server(r -> new MockResponse().setResponseCode(302).addHeader("Location", target));
            StepVerifier.create(client.get(redirecting.url("/").toString()))
                    .expectErrorSatisfies(
                            e -> assertThat(((CurlException) e).codeName()).isEqualTo("CURLE_UNSUPPORTED_PROTOCOL"))
                    .verify(Duration.ofSeconds(10));
        }
        assertThat(listener.accepted())
                .as("connections that reached the listener")
                .isZero();
    }

    @Test
    void noCredentialOfAnyKindFollowsARedirectToAnotherHost() throws Exception {
        List<RecordedRequest> seenByOther = new CopyOnWriteArrayList<>();
        MockWebServer other = server(r -> {
            seenByOther.add(r);
            return new MockResponse().setBody("other");
        });
        // "localhost" and "127.0.0.1" are different hosts to libcurl, the same socket to us.
        String elsewhere = "http://localhost:" + other.getPort() + "/landing";
        MockWebServer first =
                server(r -> new MockResponse().setResponseCode(302).addHeader("Location", elsewhere));
        String firstUrl = "http://127.0.0.1:" + first.getPort() + "/";
        CurlClient[] withCredentials = {
            CurlClient.builder().followRedirects(3).basicAuth("user", "secret").build(),
            CurlClient.builder().followRedirects(3).bearerToken("token-123").build(),
            CurlClient.builder()
                    .followRedirects(3)
                    .defaultHeader("Authorization", "Custom abc")
                    .build(),
        };
        try {
            for (CurlClient c : withCredentials) {
                assertThat(c.get(firstUrl).flatMap(CurlResponse::bodyAsString).block(Duration.ofSeconds(10)))
                        .isEqualTo("other");
            }
            CurlRequest withHeaders = CurlRequest.builder(firstUrl)
                    .header("Authorization", "Basic dXNlcjpzZWNyZXQ=")
                    .header("Cookie", "session=42")
                    .build();
            assertThat(client.request(withHeaders)
                            .flatMap(CurlResponse::bodyAsString)
                            .block(Duration.ofSeconds(10)))
                    .isEqualTo("other");
            String userInfo = "http://user:secret@127.0.0.1:" + first.getPort() + "/";
            assertThat(client.get(userInfo).flatMap(CurlResponse::bodyAsString).block(Duration.ofSeconds(10)))
                    .isEqualTo("other");
        } finally {
            for (CurlClient c : withCredentials) {
                c.dispose();
            }
        }
        assertThat(first.getRequestCount()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            RecordedRequest atFirst = first.takeRequest();
            assertThat(atFirst.getHeader("Authorization") != null || atFirst.getHeader("Cookie") != null)
                    .as("the first host got the credentials (request %d), so the test sent some", i)
                    .isTrue();
        }
        assertThat(seenByOther).hasSize(5).allSatisfy(r -> {
            assertThat(r.getHeader("Authorization"))
                    .as("Authorization at the other host")
                    .isNull();
            assertThat(r.getHeader("Cookie")).as("Cookie at the other host").isNull();
        });
    }

    private MockWebServer server(Function<RecordedRequest, MockResponse> answer) throws IOException {
        MockWebServer server = LambdaMockServer.start(answer);
        servers.add(server);
        return server;
    }
}
