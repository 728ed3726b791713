package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.PythonWebSocketServer;
import dev.curlmulti.core.testing.WebSocketSupport;
import dev.curlmulti.reactor.CurlClient;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import reactor.core.publisher.Mono;

/**
 * A Boot app (3.5 here, 4.0 in multi-spring-on-spring7) with only the dependency added gets a
 * {@link CurlWebSocketClient} on the context's {@link CurlClient}; a WebSocketClient of its own wins.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class CurlWebSocketClientBootTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class AppWithItsOwnWebSocketClient {
        @Bean
        WebSocketClient myWebSocketClient() {
            return new ReactorNettyWebSocketClient();
        }
    }

    @Test
    void addingTheDependencyGivesAWebSocketClientOnTheContextsCurlClient() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .run()) {
            assertThat(context.getBean(WebSocketClient.class))
                    .isInstanceOfSatisfying(
                            CurlWebSocketClient.class,
                            ws -> assertThat(ws.client()).isSameAs(context.getBean(CurlClient.class)));
        }
    }

    @Test
    void theAutoConfiguredClientTalksWebSocket() throws Exception {
        WebSocketSupport.assumeSupported();
        try (PythonWebSocketServer server = PythonWebSocketServer.start();
                ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                        .web(WebApplicationType.NONE)
                        .run()) {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            AtomicReference<String> echoed = new AtomicReference<>();
            client.execute(
                            server.uri("/echo"),
                            session -> session.send(Mono.just(session.textMessage("hello boot")))
                                    .then(session.receive().next())
                                    .doOnNext(m -> echoed.set(m.getPayloadAsText()))
                                    .then())
                    .block(CurlWebSocketClientTest.WAIT);
            assertThat(echoed.get()).isEqualTo("hello boot");
        }
    }

    @Test
    void aWebSocketClientOfTheApplicationWins() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AppWithItsOwnWebSocketClient.class)
                .web(WebApplicationType.NONE)
                .run()) {
            assertThat(context.getBeansOfType(WebSocketClient.class)).hasSize(1).containsKey("myWebSocketClient");
        }
    }

    @Test
    void curlMultiEnabledFalseLeavesItOut() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("curl.multi.enabled=false")
                .run()) {
            assertThat(context.getBeansOfType(WebSocketClient.class)).isEmpty();
        }
    }
}
