package dev.curlmulti.reactor.websocket;

import dev.curlmulti.core.CurlVersion;
import org.junit.jupiter.api.Assumptions;

/**
 * Which libcurl the WebSocket tests run on. They need 8.14+ (the test runs' second libcurl); on
 * such a libcurl a missing ws build is a failure, not a skip, so the suite cannot pass quietly
 * without its WebSocket tests.
 */
final class WebSocketSupport {
    private WebSocketSupport() {
    }

    static boolean atLeast814() {
        return CurlVersion.current().isAtLeast(8, 14, 0);
    }

    static void assumeSupported() {
        Assumptions.assumeTrue(atLeast814(), "WebSocket needs libcurl 8.14+; this is " + CurlVersion.current().version()
                + " (WebSocketUnsupportedTest checks the error here)");
        if (!CurlVersion.current().protocols().contains("ws")) {
            throw new AssertionError("libcurl " + CurlVersion.current().version() + " was built without ws");
        }
    }
}
