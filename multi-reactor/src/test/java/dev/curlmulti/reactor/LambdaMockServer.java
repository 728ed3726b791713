package dev.curlmulti.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** A MockWebServer on loopback that answers every request with a function; the caller shuts it down. */
final class LambdaMockServer {
    private LambdaMockServer() {}

    static MockWebServer start(Function<RecordedRequest, MockResponse> answer) throws IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer.apply(request);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server;
    }
}
