package dev.curlmulti.core.testing;

import dev.curlmulti.core.CurlVersion;
import org.junit.jupiter.api.Assumptions;

/**
 * Which libcurl the WebSocket tests run on. They need 8.14+ (the test runs' second libcurl); on
 * such a libcurl a missing ws build is a failure, not a skip, so the suite cannot pass quietly
 * without its WebSocket tests.
 */
public final class WebSocketSupport {
    private WebSocketSupport() {}

    /** True on libcurl 8.14+, which the WebSocket code needs. */
    public static boolean atLeast814() {
        return CurlVersion.current().isAtLeast(8, 14, 0);
    }

    /** Skips the test below 8.14; fails it on an 8.14+ built without ws. */
    public static void assumeSupported() {
        Assumptions.assumeTrue(
                atLeast814(),
                "WebSocket needs libcurl 8.14+; this is "
                        + CurlVersion.current().version() + " (the modules' *UnsupportedTest check the error here)");
        if (!CurlVersion.current().protocols().contains("ws")) {
            throw new AssertionError("libcurl " + CurlVersion.current().version() + " was built without ws");
        }
    }
}
