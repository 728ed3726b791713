package dev.curlmulti.core.internal;

import dev.curlmulti.core.CurlOpt;

/**
 * The few option values of an easy handle that the event loop needs (which response head is
 * final, whether the transfer may share an HTTP/2 connection), kept beside the native handle
 * because libcurl cannot be asked for them. Immutable: a setopt that changes one replaces the
 * record, {@code curl_easy_duphandle} copies it and {@code curl_easy_reset} puts back
 * {@link #DEFAULTS}, each in one place ({@link EasyHandle}).
 *
 * @param httpUrl        the URL's scheme is HTTP(S), or absent (which libcurl treats as HTTP)
 * @param httpsUrl       the URL is {@code https://}
 * @param followLocation {@code CURLOPT_FOLLOWLOCATION}
 * @param httpAuth       {@code CURLOPT_HTTPAUTH} bits
 * @param proxyAuth      {@code CURLOPT_PROXYAUTH} bits
 * @param httpVersion    {@code CURLOPT_HTTP_VERSION}
 * @param pipewait       the {@code CURLOPT_PIPEWAIT} value set on the handle
 */
public record HandleFacts(boolean httpUrl, boolean httpsUrl, boolean followLocation, long httpAuth, long proxyAuth,
                          long httpVersion, boolean pipewait) {
    private static final long CURLAUTH_BASIC = 1;
    private static final long CURLAUTH_BEARER = 1L << 6;
    /** libcurl's defaults. */
    public static final HandleFacts DEFAULTS = new HandleFacts(true, false, false, CURLAUTH_BASIC, CURLAUTH_BASIC, 0, false);

    /** After a long option is set; the same record when {@code option} is not one of these facts. */
    HandleFacts afterLong(CurlOpt option, long value) {
        return switch (option) {
            case FOLLOWLOCATION -> new HandleFacts(httpUrl, httpsUrl, value != 0, httpAuth, proxyAuth, httpVersion, pipewait);
            case HTTPAUTH -> new HandleFacts(httpUrl, httpsUrl, followLocation, value, proxyAuth, httpVersion, pipewait);
            case PROXYAUTH -> new HandleFacts(httpUrl, httpsUrl, followLocation, httpAuth, value, httpVersion, pipewait);
            case HTTP_VERSION -> new HandleFacts(httpUrl, httpsUrl, followLocation, httpAuth, proxyAuth, value, pipewait);
            default -> this;
        };
    }

    /** After {@code CURLOPT_URL}. */
    HandleFacts afterUrl(String url) {
        boolean http = isHttpScheme(url);
        boolean https = url.regionMatches(true, 0, "https://", 0, 8);
        return http == httpUrl && https == httpsUrl ? this
                : new HandleFacts(http, https, followLocation, httpAuth, proxyAuth, httpVersion, pipewait);
    }

    HandleFacts withPipewait(boolean value) {
        return new HandleFacts(httpUrl, httpsUrl, followLocation, httpAuth, proxyAuth, httpVersion, value);
    }

    /**
     * Whether the transfer could share an HTTP/2 connection (HTTPS, or HTTP/2 with prior
     * knowledge), which is when {@code PIPEWAIT} helps: a burst then waits for the first
     * connection's ALPN answer instead of opening a connection each. On plain HTTP/1.1 it would
     * make every request wait for the previous response on the same host.
     */
    public boolean canMultiplex() {
        return (httpsUrl && httpVersion != 1 && httpVersion != 2) || httpVersion == 5;
    }

    /** Whether a 401 (or with {@code proxy}, a 407) will be answered by another round: a multi-pass scheme is allowed. */
    public boolean answersChallenge(boolean proxy) {
        long auth = proxy ? proxyAuth : httpAuth;
        return (auth & ~(CURLAUTH_BASIC | CURLAUTH_BEARER)) != 0;
    }

    private static boolean isHttpScheme(String url) {
        int colon = url.indexOf("://");
        return colon < 0 || (colon == 4 && url.regionMatches(true, 0, "http", 0, 4))
                || (colon == 5 && url.regionMatches(true, 0, "https", 0, 5));
    }
}
