package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.micrometer.CurlClientObservations;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.net.InetAddress;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * WebClient and RestClient record an {@code http.client.requests} observation per exchange; over
 * our connectors, on a client that observes its own requests too, there is still exactly one.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class ConnectorObservationsTest {

    @Test
    void eachExchangeIsObservedOnceByTheSpringClientAndNotAgainByTheConnector() throws Exception {
        TestObservationRegistry registry = TestObservationRegistry.create();
        try (MockWebServer server = new MockWebServer();
                CurlClient client = CurlClient.builder()
                        .observe(CurlClientObservations.of(registry))
                        .build()) {
            server.enqueue(new MockResponse().setBody("reactive"));
            server.enqueue(new MockResponse().setBody("blocking"));
            server.start(InetAddress.getLoopbackAddress(), 0);
            String url = server.url("/").toString();

            WebClient webClient = WebClient.builder()
                    .observationRegistry(registry)
                    .clientConnector(new CurlClientHttpConnector(client))
                    .build();
            assertThat(webClient
                            .get()
                            .uri(url)
                            .retrieve()
                            .bodyToMono(String.class)
                            .block(Duration.ofSeconds(10)))
                    .isEqualTo("reactive");
            RestClient restClient = RestClient.builder()
                    .observationRegistry(registry)
                    .requestFactory(new CurlClientHttpRequestFactory(client))
                    .build();
            assertThat(restClient.get().uri(url).retrieve().body(String.class)).isEqualTo("blocking");
        }
        TestObservationRegistryAssert.assertThat(registry)
                .hasNumberOfObservationsWithNameEqualTo("http.client.requests", 2);
    }
}
