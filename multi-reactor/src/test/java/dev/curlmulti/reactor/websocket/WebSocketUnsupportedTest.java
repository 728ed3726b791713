package dev.curlmulti.reactor.websocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.WebSocketSupport;
import dev.curlmulti.reactor.CurlClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a libcurl older than 8.14 (Debian 12's 7.88.1), a WebSocket call fails at once, saying what to
 * install, and leaves nothing native behind once the client is closed.
 */
@ExtendWith(NoLeakedHandles.class)
class WebSocketUnsupportedTest {
    @Test
    void aClearErrorAtTheCall() {
        Assumptions.assumeFalse(WebSocketSupport.atLeast814(), "this libcurl supports WebSocket");
        try (CurlClient client = CurlClient.create()) {
            assertThatThrownBy(() -> client.websocket("ws://127.0.0.1:1/"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("WebSocket needs libcurl 8.14.0 or newer built with ws and wss")
                    .hasMessageContaining(CurlVersion.current().version())
                    .hasMessageContaining("bookworm-backports")
                    .hasMessageContaining("-Ddev.curlmulti.libcurl=");
        }
    }
}
