package dev.curlmulti.spring;

import dev.curlmulti.core.CurlVersion;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether the WebSocket tests can run: they need libcurl 8.14+ (each test run's second libcurl).
 * On such a libcurl a build without ws fails them rather than skipping, so the suite cannot pass
 * quietly without its WebSocket tests.
 */
final class WebSocketAvailability {
    private WebSocketAvailability() {
    }

    static boolean atLeast814() {
        return CurlVersion.current().isAtLeast(8, 14, 0);
    }

    static void assumeSupported() {
        Assumptions.assumeTrue(atLeast814(), "WebSocket needs libcurl 8.14+; this is " + CurlVersion.current().version()
                + " (CurlWebSocketClientUnsupportedTest checks the error here)");
        if (!CurlVersion.current().protocols().contains("ws")) {
            throw new AssertionError("libcurl " + CurlVersion.current().version() + " was built without ws");
        }
    }
}
