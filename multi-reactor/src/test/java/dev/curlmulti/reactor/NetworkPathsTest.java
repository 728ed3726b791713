package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import java.net.InetAddress;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proxies of each kind, the no-proxy list and unix domain sockets. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class NetworkPathsTest {
    private final TestServer origin = new TestServer();

    @AfterEach
    void tearDown() throws Exception {
        origin.close();
    }

    private static String text(CurlClient client, String url) {
        return client.get(url).flatMap(CurlResponse::bodyAsString).block(Duration.ofSeconds(10));
    }

    @Test
    void anHttpProxyReceivesTheAbsoluteUrlWithItsCredentials() throws Exception {
        try (MockWebServer proxy = new MockWebServer()) {
            proxy.enqueue(new MockResponse().setBody("via proxy"));
            proxy.start(InetAddress.getLoopbackAddress(), 0);
            ProxyConfig config =
                    ProxyConfig.of("http://127.0.0.1:" + proxy.getPort()).withCredentials("pu", "pp");
            try (CurlClient client = CurlClient.builder().proxy(config).build()) {
                assertThat(text(client, "http://origin.test/path?q=1")).isEqualTo("via proxy");
            }
            RecordedRequest seen = proxy.takeRequest();
            assertThat(seen.getRequestLine()).isEqualTo("GET http://origin.test/path?q=1 HTTP/1.1");
            assertThat(seen.getHeader("Proxy-Authorization"))
                    .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("pu:pp".getBytes()));
        }
    }

    @Test
    void hostsOnTheNoProxyListAreReachedDirectly() throws Exception {
        try (MockWebServer proxy = new MockWebServer()) {
            proxy.start(InetAddress.getLoopbackAddress(), 0);
            ProxyConfig config =
                    ProxyConfig.of("http://127.0.0.1:" + proxy.getPort()).withNoProxy("127.0.0.1");
            try (CurlClient client = CurlClient.builder().proxy(config).build()) {
                assertThat(text(client, origin.url("/bytes/3"))).hasSize(3);
            }
            assertThat(proxy.getRequestCount()).isZero();
            assertThat(origin.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void socksProxiesOfEveryKindCarryTheRequest() throws Exception {
        try (SocksProxy socks = new SocksProxy()) {
            String[][] kinds = {
                {"socks4", "127.0.0.1:" + origin.port()},
                {"socks4a", "origin.test:" + origin.port()},
                {"socks5", "127.0.0.1:" + origin.port()},
                {"socks5h", "origin.test:" + origin.port()},
            };
            for (String[] kind : kinds) {
                String url = kind[0].endsWith("a") || kind[0].endsWith("h")
                        ? "http://origin.test:" + origin.port() + "/bytes/7"
                        : origin.url("/bytes/7");
                try (CurlClient client = CurlClient.builder()
                        .proxy(ProxyConfig.of(kind[0] + "://127.0.0.1:" + socks.port()))
                        .build()) {
                    assertThat(text(client, url)).as(kind[0]).hasSize(7);
                }
                // socks4a and socks5h hand the name to the proxy; the others resolve it locally.
                assertThat(socks.destinations()).as(kind[0]).last().isEqualTo(kind[1]);
            }
        }
    }

    /** libc's environment, which libcurl reads per transfer (Java cannot change it otherwise). */
    interface Environment extends com.sun.jna.Library {
        Environment C = com.sun.jna.Native.load("c", Environment.class);

        int setenv(String name, String value, int overwrite);

        int unsetenv(String name);
    }

    @Test
    void proxyEnvironmentVariablesAreIgnoredUnlessAskedFor() throws Exception {
        try (MockWebServer proxy = new MockWebServer()) {
            proxy.enqueue(new MockResponse().setBody("via env proxy"));
            proxy.start(InetAddress.getLoopbackAddress(), 0);
            Environment.C.setenv("http_proxy", "http://127.0.0.1:" + proxy.getPort(), 1);
            try {
                String url = "http://origin.test:" + origin.port() + "/bytes/4";
                try (CurlClient plain = CurlClient.builder()
                        .resolve("origin.test", origin.port(), "127.0.0.1")
                        .build()) {
                    assertThat(text(plain, url)).hasSize(4);
                }
                assertThat(proxy.getRequestCount()).isZero();
                try (CurlClient asked =
                        CurlClient.builder().useEnvironmentProxy(true).build()) {
                    assertThat(text(asked, url)).isEqualTo("via env proxy");
                }
                assertThat(proxy.takeRequest().getRequestLine()).startsWith("GET http://origin.test:");
            } finally {
                Environment.C.unsetenv("http_proxy");
            }
        }
    }

    @Test
    void aUnixDomainSocketReplacesTcp() throws Exception {
        try (UnixSocketServer server = new UnixSocketServer("over a unix socket");
                CurlClient client =
                        CurlClient.builder().unixSocket(server.path()).build()) {
            assertThat(text(client, "http://any-host.test/hello")).isEqualTo("over a unix socket");
        }
    }
}
