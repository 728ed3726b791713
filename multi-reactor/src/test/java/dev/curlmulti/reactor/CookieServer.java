package dev.curlmulti.reactor;

import java.io.IOException;
import java.net.InetAddress;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A loopback server for the cookie tests, reached under several host names ({@code a.test},
 * {@code sub.a.test}, {@code b.test}, all resolved to it by the client), so "another host" is a real
 * other host to libcurl:
 * <ul>
 *   <li>{@code /login} sets {@code session=s1} (a session cookie) and {@code remember=r1} (an hour, HttpOnly);</li>
 *   <li>{@code /secure} sets {@code token=t1; Secure} (over plain HTTP here);</li>
 *   <li>{@code /echo} answers with the request's {@code Cookie} header (empty without one);</li>
 *   <li>{@code /to?host=H} redirects (302) to {@code /login} on host H, setting {@code hop=1} on the way.</li>
 * </ul>
 */
final class CookieServer implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();

    CookieServer() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath() == null ? "" : request.getPath();
                if (path.equals("/login")) {
                    return new MockResponse()
                            .addHeader("Set-Cookie", "session=s1; Path=/")
                            .addHeader("Set-Cookie", "remember=r1; Max-Age=3600; Path=/; HttpOnly")
                            .setBody("welcome");
                }
                if (path.equals("/secure")) {
                    return new MockResponse().addHeader("Set-Cookie", "token=t1; Path=/; Secure");
                }
                if (path.startsWith("/to?host=")) {
                    return new MockResponse()
                            .setResponseCode(302)
                            .addHeader("Set-Cookie", "hop=1; Path=/")
                            .addHeader("Location", url(path.substring("/to?host=".length()), "/login"));
                }
                if (path.equals("/echo")) {
                    String cookie = request.getHeader("Cookie");
                    return new MockResponse().setBody(cookie == null ? "" : cookie);
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    /** {@code path} on this server under {@code host}. */
    String url(String host, String path) {
        return "http://" + host + ":" + server.getPort() + path;
    }

    /** A client builder that resolves the test's host names to this server. */
    CurlClient.Builder builder() {
        CurlClient.Builder builder = CurlClient.builder().loops(2);
        for (String host : new String[] {"a.test", "sub.a.test", "b.test"}) {
            builder.resolve(host, server.getPort(), "127.0.0.1");
        }
        return builder;
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
