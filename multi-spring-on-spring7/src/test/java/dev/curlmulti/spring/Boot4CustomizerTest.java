package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.spring.boot.v4.CurlClientHttpConnectorBuilder;
import dev.curlmulti.spring.boot.v4.CurlClientHttpRequestFactoryBuilder;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Boot 4: the application's builder customizer beans
 * reach the libcurl builders, typed to them, as Boot applies them to its own.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class Boot4CustomizerTest {
    /** Counts the request buffers it makes: proof that the connector customizer ran. */
    static final java.util.concurrent.atomic.AtomicInteger WRAPPED = new java.util.concurrent.atomic.AtomicInteger();

    static final org.springframework.core.io.buffer.DefaultDataBufferFactory COUNTING =
            new org.springframework.core.io.buffer.DefaultDataBufferFactory() {
                @Override
                public org.springframework.core.io.buffer.DefaultDataBuffer wrap(java.nio.ByteBuffer byteBuffer) {
                    WRAPPED.incrementAndGet();
                    return super.wrap(byteBuffer);
                }

                @Override
                public org.springframework.core.io.buffer.DefaultDataBuffer allocateBuffer(int initialCapacity) {
                    WRAPPED.incrementAndGet();
                    return super.allocateBuffer(initialCapacity);
                }
            };

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        ClientHttpRequestFactoryBuilderCustomizer<CurlClientHttpRequestFactoryBuilder> shortReadTimeoutForRestClient() {
            return builder -> builder.withCustomizer(factory -> factory.setReadTimeout(Duration.ofMillis(300)));
        }

        @Bean
        ClientHttpConnectorBuilderCustomizer<CurlClientHttpConnectorBuilder> countingBuffersForWebClient() {
            return builder -> builder.withCustomizer(connector -> connector.setBufferFactory(COUNTING));
        }
    }

    @Test
    void customizerBeansTypedToTheLibcurlBuildersAreApplied() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setBody("late").setHeadersDelay(3, TimeUnit.SECONDS));
            server.enqueue(new MockResponse().setBody("fine"));
            server.start(InetAddress.getLoopbackAddress(), 0);
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                    .web(WebApplicationType.NONE)
                    .run()) {
                RestClient restClient =
                        context.getBean(RestClient.Builder.class).build();
                long start = System.nanoTime();
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> restClient
                                .get()
                                .uri(server.url("/").uri())
                                .retrieve()
                                .body(String.class)))
                        .isNotNull();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .isLessThan(2_500L);
                WebClient webClient = context.getBean(WebClient.Builder.class).build();
                assertThat(webClient
                                .post()
                                .uri(server.url("/").uri())
                                .bodyValue("ping")
                                .retrieve()
                                .bodyToMono(String.class)
                                .block(Duration.ofSeconds(10)))
                        .isEqualTo("fine");
                assertThat(WRAPPED.get()).isPositive();
            }
        }
    }
}
