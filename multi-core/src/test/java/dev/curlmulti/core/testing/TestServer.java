package dev.curlmulti.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;

/**
 * A real HTTP/1.1 server on loopback (OkHttp's MockWebServer) that answers by path, so many
 * transfers can run at once:
 * <ul>
 *   <li>{@code /bytes/N}: N deterministic bytes ({@link #body(int)}), {@code /bytes/N?seed=S} varies them;</li>
 *   <li>{@code /slow/N}: N bytes trickled at about 1 KiB per 100 ms;</li>
 *   <li>{@code /echo}: the request body back;</li>
 *   <li>{@code /status/C}: an empty response with status C;</li>
 *   <li>{@code /set-cookie} sets {@code flavour=oat}; {@code /cookie} echoes the request's Cookie header.</li>
 * </ul>
 * Close it after the test.
 */
public final class TestServer implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();

    public TestServer() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return respond(request);
            }

            @Override
            public MockResponse peek() {
                // Answers "Expect: 100-continue" with an interim 100 before the body is read.
                return new MockResponse().setSocketPolicy(SocketPolicy.EXPECT_CONTINUE);
            }
        });
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An absolute URL on this server for {@code path} (which starts with '/'). */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    public int port() {
        return server.getPort();
    }

    public int requestCount() {
        return server.getRequestCount();
    }

    public RecordedRequest takeRequest() throws InterruptedException {
        return server.takeRequest(5, TimeUnit.SECONDS);
    }

    /** The bytes {@code /bytes/N?seed=S} serves. */
    public static byte[] body(int length, int seed) {
        byte[] bytes = new byte[length];
        int state = 0x9E3779B9 ^ seed;
        for (int i = 0; i < length; i++) {
            state = state * 1103515245 + 12345;
            bytes[i] = (byte) (state >>> 24);
        }
        return bytes;
    }

    /** The bytes {@code /bytes/N} serves. */
    public static byte[] body(int length) {
        return body(length, 0);
    }

    /** A TCP port on loopback with nothing listening on it. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MockResponse respond(RecordedRequest request) {
        String path = request.getRequestUrl().encodedPath();
        String seed = request.getRequestUrl().queryParameter("seed");
        if (path.startsWith("/bytes/")) {
            int length = Integer.parseInt(path.substring("/bytes/".length()));
            return new MockResponse()
                    .setBody(new Buffer().write(body(length, seed == null ? 0 : Integer.parseInt(seed))));
        }
        if (path.startsWith("/slow/")) {
            int length = Integer.parseInt(path.substring("/slow/".length()));
            return new MockResponse()
                    .setBody(new Buffer().write(body(length)))
                    .throttleBody(1024, 100, TimeUnit.MILLISECONDS);
        }
        if (path.startsWith("/redirect/")) {
            // /redirect/N/target: N hops, then a 302 to target
            String rest = path.substring("/redirect/".length());
            int slash = rest.indexOf('/');
            int hops = Integer.parseInt(rest.substring(0, slash));
            String target = rest.substring(slash);
            String next = hops <= 1 ? target : "/redirect/" + (hops - 1) + target;
            return new MockResponse()
                    .setResponseCode(302)
                    .addHeader("Location", next)
                    .setBody("moved");
        }
        if (path.equals("/continue")) {
            return new MockResponse().setBody(request.getBody()).addHeader("X-Final", "yes");
        }
        if (path.equals("/echo")) {
            return new MockResponse().setBody(request.getBody());
        }
        if (path.startsWith("/status/")) {
            return new MockResponse().setResponseCode(Integer.parseInt(path.substring("/status/".length())));
        }
        if (path.equals("/set-cookie")) {
            return new MockResponse()
                    .addHeader("Set-Cookie", "flavour=oat; Path=/")
                    .setBody("set");
        }
        if (path.equals("/cookie")) {
            String cookie = request.getHeader("Cookie");
            return new MockResponse().setBody(cookie == null ? "" : cookie);
        }
        return new MockResponse().setResponseCode(404).setBody("no route for " + path);
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
