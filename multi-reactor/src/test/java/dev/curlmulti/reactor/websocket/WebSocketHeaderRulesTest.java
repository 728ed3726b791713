package dev.curlmulti.reactor.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.reactor.CurlRequest;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A WebSocket handshake header meets the HTTP request's rule: libcurl copies both to the wire
 * verbatim (CR or LF injects a header, a NUL cuts libcurl's C string), so both builders refuse the
 * same input with the same message. Builder-only: no handshake is started, and {@link NoLeakedHandles}
 * checks that building (or refusing) a request made nothing native.
 */
@ExtendWith(NoLeakedHandles.class)
class WebSocketHeaderRulesTest {
    private static final String URI = "ws://127.0.0.1:9/chat";

    static Stream<Arguments> badHeaders() {
        return Stream.of(
                Arguments.of("NUL in the name", "X-A\0b", "v", "not allowed in a token"),
                Arguments.of("NUL in the value", "X-Token", "abc\0def", "NUL at 3"),
                Arguments.of("CR in the value", "X-Token", "abc\rInjected: yes", "CR at 3"),
                Arguments.of("LF in the value", "X-Token", "abc\nInjected: yes", "LF at 3"),
                Arguments.of("CR in the name", "X-A\rb", "v", "not allowed in a token"),
                Arguments.of("LF in the name", "X-A\nb", "v", "not allowed in a token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
    void aHandshakeHeaderIsRefusedWithTheHttpRequestsMessage(String what, String name, String value, String says) {
        IllegalArgumentException http = catchThrowableOfType(
                IllegalArgumentException.class,
                () -> CurlRequest.builder("http://127.0.0.1:9/").header(name, value));
        IllegalArgumentException webSocket = catchThrowableOfType(
                IllegalArgumentException.class,
                () -> WebSocketRequest.builder(URI).header(name, value));
        assertThat(http).as("the HTTP builder refuses " + what).isNotNull();
        assertThat(webSocket).as("the WebSocket builder refuses " + what).isNotNull();
        assertThat(webSocket.getMessage()).contains(says).isEqualTo(http.getMessage());
    }

    @Test
    void aSubprotocolWithANulIsRefused() {
        assertThatThrownBy(() -> WebSocketRequest.builder(URI).subprotocols("chat\0v2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL at 4");
    }

    @Test
    void aWellFormedHeaderIsKeptAndTheHandshakesOwnAreStillRefused() {
        WebSocketRequest request = WebSocketRequest.builder(URI)
                .header("Authorization", "Bearer a\tb")
                .build();
        assertThat(request.headers()).containsExactly(Map.entry("Authorization", "Bearer a\tb"));
        assertThatThrownBy(() -> WebSocketRequest.builder(URI).header("Sec-WebSocket-Key", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set by the WebSocket handshake");
    }
}
