package dev.curlmulti.reactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The response body {@code Flux} against the Reactive Streams TCK. A body of N one-byte HTTP/1.1
 * chunks gives exactly N elements: libcurl hands each decoded chunk to its own write callback.
 */
public class BodyPublisherTckTest extends PublisherVerification<ByteBuffer> {
    private MockWebServer server;
    private CurlClient client;

    public BodyPublisherTckTest() {
        super(new TestEnvironment(2000, 200));
    }

    @BeforeClass
    public void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int count =
                        Integer.parseInt(request.getRequestUrl().encodedPath().substring(1));
                return new MockResponse().setChunkedBody("x".repeat(count), 1);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = CurlClient.create();
    }

    @AfterClass
    public void stop() throws IOException {
        client.dispose();
        server.shutdown();
    }

    @Override
    public Publisher<ByteBuffer> createPublisher(long elements) {
        CurlResponse response =
                client.get(server.url("/" + elements).toString()).block(Duration.ofSeconds(10));
        if (response == null) {
            throw new UncheckedIOException(new IOException("no response"));
        }
        return response.body();
    }

    @Override
    public Publisher<ByteBuffer> createFailedPublisher() {
        // A body may be subscribed once: every later subscriber fails at once.
        CurlResponse response = client.get(server.url("/1").toString()).block(Duration.ofSeconds(10));
        response.body().subscribe();
        return response.body();
    }

    @Override
    public long maxElementsFromPublisher() {
        return 4096;
    }
}
