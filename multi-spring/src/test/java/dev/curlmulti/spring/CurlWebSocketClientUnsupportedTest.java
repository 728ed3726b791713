package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.WebSocketSupport;
import dev.curlmulti.reactor.CurlClient;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * On a libcurl older than 8.14 (Debian 12's 7.88.1), {@code execute} errors with the core's clear
 * {@link UnsupportedOperationException}, before any connection, and the handler never runs.
 */
@ExtendWith(NoLeakedHandles.class)
class CurlWebSocketClientUnsupportedTest {
    @Test
    void executeErrorsSayingWhatToInstall() {
        Assumptions.assumeFalse(WebSocketSupport.atLeast814(), "this libcurl supports WebSocket");
        try (CurlClient curl = CurlClient.create()) {
            // Like Spring's clients, execute itself does not throw: the error is the Mono's.
            Mono<Void> execution = new CurlWebSocketClient(curl).execute(URI.create("ws://127.0.0.1:1/"), session -> {
                throw new AssertionError("the handler must not run");
            });
            StepVerifier.create(execution)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(UnsupportedOperationException.class)
                            .hasMessageContaining("WebSocket needs libcurl 8.14.0 or newer")
                            .hasMessageContaining(CurlVersion.current().version())
                            .hasMessageContaining("-Ddev.curlmulti.libcurl="))
                    .verify(Duration.ofSeconds(10));
        }
    }
}
