package dev.curlmulti.reactor;

import dev.curlmulti.core.CurlOpt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Everything a {@link CurlClient.Builder} collected. Immutable. */
record ClientConfig(
        int loops,
        int maxConnections,
        int maxConnectionsPerHost,
        int maxConcurrentStreams,
        HttpVersion httpVersion,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration totalTimeout,
        Duration idleTimeout,
        Duration bodySubscribeTimeout,
        int maxRedirects,
        boolean compression,
        long maxResponseSize,
        long maxInMemorySize,
        ProxyConfig proxy,
        boolean environmentProxy,
        Path caFile,
        Path caPath,
        Path clientCertificate,
        Path clientKey,
        String clientKeyPassword,
        String pinnedPublicKey,
        TlsVersion minTlsVersion,
        boolean insecure,
        boolean cookies,
        AuthScheme authScheme,
        String username,
        String password,
        String bearerToken,
        List<Map.Entry<String, String>> defaultHeaders,
        String userAgent,
        List<String> resolve,
        Path unixSocket,
        Map<CurlOpt, Object> options,
        List<String> protocols,
        boolean timings,
        dev.curlmulti.core.LoopDriverKind loopDriver) {

    /** How credentials are sent. */
    enum AuthScheme { NONE, BASIC, DIGEST, BEARER }

    /** Settings that shape the loops (and so can be shared by clients that agree on them). */
    record LoopShape(int loops, int maxConnections, int maxConnectionsPerHost, int maxConcurrentStreams, boolean cookies,
                     dev.curlmulti.core.LoopDriverKind driver) {
    }

    /** The error for a response body (counted after decoding) that went past {@link #maxResponseSize()}. */
    dev.curlmulti.core.CurlTooLargeException bodyTooLarge() {
        return new dev.curlmulti.core.CurlTooLargeException(63, "response body exceeds the limit of "
                + maxResponseSize + " bytes (decoded)");
    }

    LoopShape loopShape() {
        return new LoopShape(loops, maxConnections, maxConnectionsPerHost, maxConcurrentStreams, cookies, loopDriver);
    }
}
