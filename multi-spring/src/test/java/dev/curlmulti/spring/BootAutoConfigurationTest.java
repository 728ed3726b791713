package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import java.net.InetAddress;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/** A Boot app with only the dependency added: WebClient runs on libcurl; a connector bean of its own wins. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class BootAutoConfigurationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class AppWithItsOwnConnector {
        @Bean
        ClientHttpConnector myConnector() {
            return new CurlClientHttpConnector(dev.curlmulti.reactor.CurlClient.builder()
                    .userAgent("user-bean")
                    .build()) {
                @Override
                public void close() {
                    client().dispose();
                }
            };
        }
    }

    @Test
    void addingTheDependencyMakesWebClientUseLibcurlConfiguredByProperties() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setBody("hello boot"));
            server.start(InetAddress.getLoopbackAddress(), 0);
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                    .web(WebApplicationType.NONE)
                    .properties("curl.multi.user-agent=boot-on-curl")
                    .run()) {
                assertThat(context.getBean(ClientHttpConnector.class)).isInstanceOf(CurlClientHttpConnector.class);
                WebClient client = context.getBean(WebClient.Builder.class).build();
                String body = client.get()
                        .uri(server.url("/").uri())
                        .retrieve()
                        .bodyToMono(String.class)
                        .block(Duration.ofSeconds(10));
                assertThat(body).isEqualTo("hello boot");
                assertThat(server.takeRequest().getHeader("User-Agent")).isEqualTo("boot-on-curl");
            }
        }
    }

    @Test
    void aConnectorBeanOfTheApplicationWins() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setBody("mine"));
            server.start(InetAddress.getLoopbackAddress(), 0);
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AppWithItsOwnConnector.class)
                    .web(WebApplicationType.NONE)
                    .properties("curl.multi.user-agent=auto")
                    .run()) {
                assertThat(context.getBeansOfType(ClientHttpConnector.class))
                        .hasSize(1)
                        .containsKey("myConnector");
                WebClient client = context.getBean(WebClient.Builder.class).build();
                client.get()
                        .uri(server.url("/").uri())
                        .retrieve()
                        .bodyToMono(String.class)
                        .block(Duration.ofSeconds(10));
                assertThat(server.takeRequest().getHeader("User-Agent")).isEqualTo("user-bean");
            }
        }
    }
}
