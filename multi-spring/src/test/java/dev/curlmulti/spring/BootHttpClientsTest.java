package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.curlmulti.core.testing.BlackholedPort;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestCertificates;
import dev.curlmulti.reactor.CurlClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Exceptions;

/**
 * A Boot application with only the dependency added: WebClient, RestClient and RestTemplate run on
 * libcurl, and Boot's own HTTP client properties reach it (connect and read timeouts, redirects,
 * SSL bundles), on Boot 3.5 and (in {@code multi-spring-on-spring7}) Boot 4, each with its own
 * property names. The application's own choices still win.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(90)
class BootHttpClientsTest {
    private static final String CURL_AGENT = "boot-on-curl";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static ConfigurableApplicationContext run(Class<?> app, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putIfAbsent("curl.multi.user-agent", CURL_AGENT);
        return new SpringApplicationBuilder(app)
                .web(WebApplicationType.NONE)
                .properties(all)
                .run();
    }

    private String webClientGet(ConfigurableApplicationContext context, String url) {
        return context.getBean(WebClient.Builder.class)
                .build()
                .get()
                .uri(url)
                .retrieve()
                .bodyToMono(String.class)
                .block(Duration.ofSeconds(20));
    }

    private String restClientGet(ConfigurableApplicationContext context, String url) {
        return context.getBean(RestClient.Builder.class)
                .build()
                .get()
                .uri(url)
                .retrieve()
                .body(String.class);
    }

    private String restTemplateGet(ConfigurableApplicationContext context, String url) throws Exception {
        Object builder = context.getBean(BootGeneration.restTemplateBuilder());
        RestTemplate template =
                (RestTemplate) builder.getClass().getMethod("build").invoke(builder);
        return template.getForObject(url, String.class);
    }

    @Test
    void webClientRestClientAndRestTemplateAllRunOnLibcurl() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setBody("hello " + i));
        }
        try (ConfigurableApplicationContext context = run(App.class, Map.of())) {
            String url = server.url("/").toString();
            assertThat(webClientGet(context, url)).isEqualTo("hello 0");
            assertThat(restClientGet(context, url)).isEqualTo("hello 1");
            assertThat(restTemplateGet(context, url)).isEqualTo("hello 2");
            for (int i = 0; i < 3; i++) {
                assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeader("User-Agent"))
                        .isEqualTo(CURL_AGENT);
            }
        }
    }

    @Test
    void bootsReadTimeoutIsTheLongestGapBetweenReads() throws Exception {
        server.enqueue(new MockResponse().setBody("late").setHeadersDelay(3, TimeUnit.SECONDS));
        server.enqueue(new MockResponse().setBody("late").setHeadersDelay(3, TimeUnit.SECONDS));
        try (ConfigurableApplicationContext context =
                run(App.class, BootGeneration.clientSetting("read-timeout", "400ms"))) {
            String url = server.url("/").toString();
            long start = System.nanoTime();
            Throwable blocking = catchThrowable(() -> restClientGet(context, url));
            Throwable reactive = Exceptions.unwrap(catchThrowable(() -> webClientGet(context, url)));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000L);
            assertThat(NestedExceptionUtils.getRootCause(blocking)).isInstanceOf(SocketTimeoutException.class);
            assertThat(NestedExceptionUtils.getRootCause(reactive)).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void bootsConnectTimeoutEndsAConnectThatHangs() throws Exception {
        try (BlackholedPort blackhole = new BlackholedPort();
                ConfigurableApplicationContext context =
                        run(App.class, BootGeneration.clientSetting("connect-timeout", "300ms"))) {
            long start = System.nanoTime();
            Throwable blocking = catchThrowable(() -> restClientGet(context, blackhole.url()));
            Throwable reactive = Exceptions.unwrap(catchThrowable(() -> webClientGet(context, blackhole.url())));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(8_000L);
            assertThat(NestedExceptionUtils.getRootCause(blocking)).isInstanceOf(ConnectException.class);
            assertThat(NestedExceptionUtils.getRootCause(reactive)).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void redirectsAreFollowedAsBootsDefaultSaysUnlessTurnedOff() throws Exception {
        for (int i = 0; i < 2; i++) {
            server.enqueue(new MockResponse().setResponseCode(302).addHeader("Location", "/target"));
            server.enqueue(new MockResponse().setBody("arrived"));
        }
        try (ConfigurableApplicationContext context = run(App.class, Map.of())) {
            String url = server.url("/start").toString();
            assertThat(restClientGet(context, url)).isEqualTo("arrived");
            assertThat(webClientGet(context, url)).isEqualTo("arrived");
        }
        server.enqueue(new MockResponse().setResponseCode(302).addHeader("Location", "/target"));
        try (ConfigurableApplicationContext context =
                run(App.class, BootGeneration.clientSetting("redirects", "dont-follow"))) {
            int status = context.getBean(RestClient.Builder.class)
                    .build()
                    .get()
                    .uri(server.url("/start").toString())
                    .retrieve()
                    .toBodilessEntity()
                    .getStatusCode()
                    .value();
            assertThat(status).isEqualTo(302);
        }
    }

    @Test
    void anSslBundleGivesTrustAndAClientCertificateToAServerThatRequiresOne() throws Exception {
        TestCertificates certificates = new TestCertificates();
        server.shutdown();
        MockWebServer tls = new MockWebServer();
        tls.useHttps(certificates.serverHandshakeTrustingClients().sslSocketFactory(), false);
        tls.requireClientAuth();
        tls.enqueue(new MockResponse().setBody("mutual blocking"));
        tls.enqueue(new MockResponse().setBody("mutual reactive"));
        tls.start(InetAddress.getLoopbackAddress(), 0);
        Map<String, Object> properties = new HashMap<>(BootGeneration.clientSetting("ssl.bundle", "mtls"));
        properties.put("spring.ssl.bundle.pem.mtls.truststore.certificate", certificates.caPem());
        properties.put(
                "spring.ssl.bundle.pem.mtls.keystore.certificate", certificates.clientPem()[0]);
        properties.put(
                "spring.ssl.bundle.pem.mtls.keystore.private-key", certificates.clientPem()[1]);
        try (ConfigurableApplicationContext context = run(App.class, properties)) {
            String url = "https://localhost:" + tls.getPort() + "/";
            assertThat(restClientGet(context, url)).isEqualTo("mutual blocking");
            assertThat(webClientGet(context, url)).isEqualTo("mutual reactive");
            assertThat(tls.takeRequest(5, TimeUnit.SECONDS)
                            .getHandshake()
                            .peerPrincipal()
                            .getName())
                    .contains("curl-multi test client");
        } finally {
            tls.shutdown();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void restClientSslFromBundleBuildsThroughTheLibcurlBuilder() throws Exception {
        TestCertificates certificates = new TestCertificates();
        server.shutdown();
        MockWebServer tls = new MockWebServer();
        tls.useHttps(certificates.serverHandshake().sslSocketFactory(), false);
        tls.enqueue(new MockResponse().setBody("trusted through the bundle"));
        tls.start(InetAddress.getLoopbackAddress(), 0);
        try (ConfigurableApplicationContext context =
                run(App.class, Map.of("spring.ssl.bundle.pem.ca.truststore.certificate", certificates.caPem()))) {
            Object restClientSsl = context.getBean(BootGeneration.restClientSsl());
            java.util.function.Consumer<RestClient.Builder> bundle =
                    (java.util.function.Consumer<RestClient.Builder>) BootGeneration.restClientSsl()
                            .getMethod("fromBundle", String.class)
                            .invoke(restClientSsl, "ca");
            RestClient restClient =
                    context.getBean(RestClient.Builder.class).apply(bundle).build();
            assertThat(restClient
                            .get()
                            .uri("https://localhost:" + tls.getPort() + "/")
                            .retrieve()
                            .body(String.class))
                    .isEqualTo("trusted through the bundle");
            assertThat(tls.takeRequest(5, TimeUnit.SECONDS).getHeader("User-Agent"))
                    .isEqualTo(CURL_AGENT);
        } finally {
            tls.shutdown();
        }
    }

    @Test
    void metersReachBootsRegistryAndTheMetricsEndpointAndEachExchangeIsObservedOnce() throws Exception {
        server.enqueue(new MockResponse().setBody("blocking"));
        server.enqueue(new MockResponse().setBody("reactive"));
        try (ConfigurableApplicationContext context = run(
                App.class,
                Map.of("spring.jmx.enabled", "true", "management.endpoints.jmx.exposure.include", "metrics"))) {
            String url = server.url("/").toString();
            assertThat(restClientGet(context, url)).isEqualTo("blocking");
            assertThat(webClientGet(context, url)).isEqualTo("reactive");
            io.micrometer.core.instrument.MeterRegistry meters =
                    context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            assertThat(meters.get("curl.client.requests").timers().stream()
                            .mapToLong(io.micrometer.core.instrument.Timer::count)
                            .sum())
                    .isEqualTo(2);
            assertThat(meters.get("curl.client.loop.transfers.active").gauges()).isNotEmpty();
            // WebClient and RestClient observe their own exchanges; the connectors do not add a second.
            assertThat(meters.get("http.client.requests").timers().stream()
                            .mapToLong(io.micrometer.core.instrument.Timer::count)
                            .sum())
                    .isEqualTo(2);
            Object endpoint = context.getBean(BootGeneration.metricsEndpoint());
            Object names = endpoint.getClass().getMethod("listNames").invoke(endpoint);
            Object listed = names.getClass().getMethod("getNames").invoke(names);
            assertThat(((java.util.Collection<?>) listed).stream().map(String::valueOf))
                    .contains("curl.client.requests", "curl.client.loop.busy.time");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class AppWithItsOwnClient {
        @Bean
        CurlClient curlClient() {
            return CurlClient.builder().userAgent("my-own-client").build();
        }
    }

    @Test
    void aCurlClientBeanOfTheApplicationIsTheOneUsed() throws Exception {
        server.enqueue(new MockResponse().setBody("mine"));
        try (ConfigurableApplicationContext context = run(AppWithItsOwnClient.class, Map.of())) {
            assertThat(restClientGet(context, server.url("/").toString())).isEqualTo("mine");
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeader("User-Agent"))
                    .isEqualTo("my-own-client");
        }
    }

    @Test
    void anEngineChosenWithBootsPropertyWins() throws Exception {
        server.enqueue(new MockResponse().setBody("jdk"));
        String property =
                BootGeneration.BOOT_4 ? "spring.http.clients.imperative.factory" : "spring.http.client.factory";
        try (ConfigurableApplicationContext context = run(App.class, Map.of(property, "jdk"))) {
            assertThat(restClientGet(context, server.url("/").toString())).isEqualTo("jdk");
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeader("User-Agent"))
                    .doesNotContain(CURL_AGENT);
        }
    }

    @Test
    void closingTheContextDisposesTheClients() {
        CurlClient client;
        try (ConfigurableApplicationContext context = run(App.class, Map.of())) {
            client = context.getBean(CurlClient.class);
            context.getBean(RestClient.Builder.class).build();
            assertThat(client.isDisposed()).isFalse();
        }
        assertThat(client.isDisposed()).isTrue();
    }

    @Test
    void curlMultiHttpVersionReachesTheClientAndHttp3IsRefusedClearlyWithoutIt() throws Exception {
        server.enqueue(new MockResponse().setBody("one point one"));
        try (ConfigurableApplicationContext context = run(App.class, Map.of("curl.multi.http-version", "HTTP_1_1"))) {
            assertThat(restClientGet(context, server.url("/").toString())).isEqualTo("one point one");
        }
        if (!dev.curlmulti.core.CurlVersion.current().hasFeature("HTTP3")) {
            assertThatThrownBy(() -> run(App.class, Map.of("curl.multi.http-version", "HTTP_3_ONLY"))
                            .close())
                    .hasRootCauseInstanceOf(UnsupportedOperationException.class)
                    .rootCause()
                    .hasMessageContaining("HTTP_3_ONLY needs a libcurl built with HTTP/3");
        }
    }
}
