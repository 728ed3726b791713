package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestCertificates;
import dev.curlmulti.reactor.RequestObserver;
import dev.curlmulti.spring.boot.CurlClientBuilderCustomizer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * An application's own {@code ClientHttpRequestFactory} or {@code ClientHttpConnector} bean replaces
 * libcurl for the clients Boot builds: every request made through Boot's {@code RestClient.Builder},
 * {@code RestTemplateBuilder} or {@code WebClient.Builder} reaches the application's bean and none
 * the context's libcurl client. On Boot 3.5 here and Boot 4 in {@code multi-spring-on-spring7}.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class BootApplicationClientBeansTest {
    private static final String CURL_AGENT = "boot-on-curl";
    /** Requests the context's libcurl client started. */
    static final AtomicInteger CURL_REQUESTS = new AtomicInteger();

    private final MockWebServer server = new MockWebServer();

    /** Counts the requests it makes, with the JDK's HttpURLConnection. */
    static final class CountingRequestFactory implements ClientHttpRequestFactory {
        final AtomicInteger requests = new AtomicInteger();
        private final SimpleClientHttpRequestFactory jdk = new SimpleClientHttpRequestFactory();

        @Override
        public ClientHttpRequest createRequest(URI uri, HttpMethod method) throws IOException {
            requests.incrementAndGet();
            return jdk.createRequest(uri, method);
        }
    }

    /** Counts the exchanges it connects, with the JDK's HttpClient. */
    static final class CountingConnector implements ClientHttpConnector {
        final AtomicInteger requests = new AtomicInteger();
        private final JdkClientHttpConnector jdk = new JdkClientHttpConnector();

        @Override
        public Mono<ClientHttpResponse> connect(
                HttpMethod method,
                URI uri,
                Function<? super org.springframework.http.client.reactive.ClientHttpRequest, Mono<Void>> callback) {
            requests.incrementAndGet();
            return jdk.connect(method, uri, callback);
        }
    }

    /** Counts what the context's libcurl client sends, so a test can show it sent nothing. */
    static CurlClientBuilderCustomizer countingCurlRequests() {
        RequestObserver counting = (request, context) -> {
            CURL_REQUESTS.incrementAndGet();
            return (status, facts, error) -> {};
        };
        return builder -> builder.observe(counting);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class AppWithItsOwnRequestFactory {
        @Bean
        ClientHttpRequestFactory myRequestFactory() {
            return new CountingRequestFactory();
        }

        @Bean
        CurlClientBuilderCustomizer countCurlRequests() {
            return countingCurlRequests();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class AppWithItsOwnConnector {
        @Bean
        ClientHttpConnector myConnector() {
            return new CountingConnector();
        }

        @Bean
        CurlClientBuilderCustomizer countCurlRequests() {
            return countingCurlRequests();
        }
    }

    @BeforeEach
    void start() throws IOException {
        CURL_REQUESTS.set(0);
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static ConfigurableApplicationContext run(Class<?> app, Map<String, Object> properties) {
        return new SpringApplicationBuilder(app)
                .web(WebApplicationType.NONE)
                .properties(Map.of("curl.multi.user-agent", CURL_AGENT))
                .properties(properties)
                .run();
    }

    private void assertNoRequestCameFromLibcurl(int requests) throws InterruptedException {
        for (int i = 0; i < requests; i++) {
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeader("User-Agent"))
                    .isNotEqualTo(CURL_AGENT);
        }
        assertThat(CURL_REQUESTS).hasValue(0);
    }

    @Test
    void aRequestFactoryBeanOfTheApplicationIsWhatBootsRestClientAndRestTemplateBuildersUse() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setBody("mine " + i));
        }
        try (ConfigurableApplicationContext context = run(AppWithItsOwnRequestFactory.class, Map.of())) {
            String url = server.url("/").toString();
            CountingRequestFactory mine = (CountingRequestFactory) context.getBean("myRequestFactory");
            assertThat(context.getBean(RestClient.Builder.class)
                            .build()
                            .get()
                            .uri(url)
                            .retrieve()
                            .body(String.class))
                    .isEqualTo("mine 0");
            assertThat(context.getBean(RestClient.Builder.class)
                            .build()
                            .get()
                            .uri(url)
                            .retrieve()
                            .body(String.class))
                    .isEqualTo("mine 1");
            Object templateBuilder = context.getBean(BootGeneration.restTemplateBuilder());
            RestTemplate template =
                    (RestTemplate) templateBuilder.getClass().getMethod("build").invoke(templateBuilder);
            assertThat(template.getForObject(url, String.class)).isEqualTo("mine 2");
            assertThat(mine.requests).hasValue(3);
            assertNoRequestCameFromLibcurl(3);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void anSslBundleAskedOfTheApplicationsRequestFactoryFailsInsteadOfBeingIgnored() throws Exception {
        Map<String, Object> bundle =
                Map.of("spring.ssl.bundle.pem.ca.truststore.certificate", new TestCertificates().caPem());
        try (ConfigurableApplicationContext context = run(AppWithItsOwnRequestFactory.class, bundle)) {
            Object restClientSsl = context.getBean(BootGeneration.restClientSsl());
            Consumer<RestClient.Builder> fromBundle = (Consumer<RestClient.Builder>) BootGeneration.restClientSsl()
                    .getMethod("fromBundle", String.class)
                    .invoke(restClientSsl, "ca");
            assertThatThrownBy(() -> context.getBean(RestClient.Builder.class).apply(fromBundle))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot take an SSL bundle");
        }
    }

    @Test
    void aConnectorBeanOfTheApplicationIsWhatBootsWebClientBuilderUsesAndLibcurlStepsAside() throws Exception {
        server.enqueue(new MockResponse().setBody("mine"));
        try (ConfigurableApplicationContext context = run(AppWithItsOwnConnector.class, Map.of())) {
            CountingConnector mine = (CountingConnector) context.getBean("myConnector");
            assertThat(context.getBean(WebClient.Builder.class)
                            .build()
                            .get()
                            .uri(server.url("/").uri())
                            .retrieve()
                            .bodyToMono(String.class)
                            .block(Duration.ofSeconds(20)))
                    .isEqualTo("mine");
            assertThat(mine.requests).hasValue(1);
            assertNoRequestCameFromLibcurl(1);
            // Nothing else Boot builds a connector for (WebClientSsl) runs on libcurl either.
            assertThat(context.getBeansOfType(ClientHttpConnectorBuilder.class).values())
                    .noneMatch(builder -> builder.getClass().getName().startsWith("dev.curlmulti."));
        }
    }
}
