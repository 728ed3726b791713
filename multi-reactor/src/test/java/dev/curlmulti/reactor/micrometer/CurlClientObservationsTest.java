package dev.curlmulti.reactor.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlRequest;
import dev.curlmulti.reactor.CurlResponse;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.observation.transport.SenderContext;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.util.context.Context;

/**
 * Each request an {@code http.client.requests} observation, checked with Micrometer's test
 * registry; a handler that writes the trace context into the carrier (as Micrometer Tracing's
 * propagating handler does) puts {@code traceparent} on the wire.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class CurlClientObservationsTest {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start(InetAddress.getLoopbackAddress(), 0);
        registry.observationConfig().observationHandler(new ObservationHandler<SenderContext<Object>>() {
            @Override
            public void onStart(SenderContext<Object> context) {
                context.getSetter().set(context.getCarrier(), "traceparent", TRACEPARENT);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof SenderContext;
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void aRequestIsAnObservationWithTheStandardKeysAndItsTraceContextOnTheWire() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(201).setBody("made"));
        try (CurlClient client = CurlClient.builder()
                .observe(CurlClientObservations.of(registry))
                .build()) {
            String body = client.request(
                            CurlRequest.builder(server.url("/things").toString())
                                    .method("POST")
                                    .build())
                    .flatMap(CurlResponse::bodyAsString)
                    .block(Duration.ofSeconds(10));
            assertThat(body).isEqualTo("made");
        }
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getHeader("traceparent")).isEqualTo(TRACEPARENT);
        TestObservationRegistryAssert.assertThat(registry)
                .hasNumberOfObservationsEqualTo(1)
                .hasObservationWithNameEqualTo("http.client.requests")
                .that()
                .hasContextualNameEqualTo("http post")
                .hasLowCardinalityKeyValue("method", "POST")
                .hasLowCardinalityKeyValue("status", "201")
                .hasLowCardinalityKeyValue("outcome", "SUCCESS")
                .hasLowCardinalityKeyValue("uri", "none")
                .hasLowCardinalityKeyValue("client.name", server.getHostName().toLowerCase())
                .hasLowCardinalityKeyValue("exception", "none")
                .hasHighCardinalityKeyValue("http.url", server.url("/things").toString())
                .hasBeenStarted()
                .hasBeenStopped();
    }

    @Test
    void aFailureIsRecordedOnItsObservation() {
        try (CurlClient client = CurlClient.builder()
                .observe(CurlClientObservations.of(registry))
                .build()) {
            catchThrowable(() -> client.get("http://127.0.0.1:" + TestServer.closedPort() + "/")
                    .block(Duration.ofSeconds(10)));
        }
        TestObservationRegistryAssert.assertThat(registry)
                .hasObservationWithNameEqualTo("http.client.requests")
                .that()
                .hasLowCardinalityKeyValue("status", "CLIENT_ERROR")
                .hasLowCardinalityKeyValue("exception", "CurlConnectException")
                .hasError()
                .hasBeenStopped();
    }

    @Test
    void theObservationInTheSubscribersContextIsTheParent() {
        server.enqueue(new MockResponse().setBody("child"));
        Observation parent = Observation.start("parent.work", registry);
        try (CurlClient client = CurlClient.builder()
                .observe(CurlClientObservations.of(registry))
                .build()) {
            client.get(server.url("/").toString())
                    .flatMap(CurlResponse::bodyAsString)
                    .contextWrite(Context.of("micrometer.observation", parent))
                    .block(Duration.ofSeconds(10));
        } finally {
            parent.stop();
        }
        TestObservationRegistryAssert.assertThat(registry)
                .hasObservationWithNameEqualTo("http.client.requests")
                .that()
                .hasParentObservationEqualTo(parent);
    }

    @Test
    void aRequestTheCallerObservesItselfIsLeftAlone() throws Exception {
        server.enqueue(new MockResponse().setBody("once"));
        try (CurlClient client = CurlClient.builder()
                .observe(CurlClientObservations.of(registry))
                .build()) {
            client.request(CurlRequest.builder(server.url("/").toString())
                            .observedByCaller(true)
                            .build())
                    .flatMap(CurlResponse::bodyAsString)
                    .block(Duration.ofSeconds(10));
        }
        TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyObservation();
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeader("traceparent"))
                .isNull();
    }
}
