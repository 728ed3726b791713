package dev.curlmulti.core.internal;

import dev.curlmulti.core.CurlOpt;

/**
 * The few option values of an easy handle that the event loop needs (which response head is
 * final, whether the transfer may share an HTTP/2 connection, whether libcurl decodes the body),
 * kept beside the native handle because libcurl cannot be asked for them. Immutable: a setopt that
 * changes one replaces the object, {@code curl_easy_duphandle} copies it and {@code curl_easy_reset}
 * puts back {@link #DEFAULTS}, each in one place ({@link EasyOptions}).
 *
 * <p>The yes/no facts are bits of one {@code long}, so a new fact is one constant and one
 * accessor, not another argument threaded through every constructor call.
 */
public final class HandleFacts {
    private static final long CURLAUTH_BASIC = 1;
    private static final long CURLAUTH_BEARER = 1L << 6;

    /** The URL's scheme is HTTP(S), or absent (which libcurl treats as HTTP). */
    private static final int HTTP_URL = 1;
    /** The URL is {@code https://}. */
    private static final int HTTPS_URL = 1 << 1;
    /** {@code CURLOPT_FOLLOWLOCATION}. */
    private static final int FOLLOW_LOCATION = 1 << 2;
    /** The {@code CURLOPT_PIPEWAIT} value set on the handle. */
    private static final int PIPEWAIT = 1 << 3;
    /** {@code CURLOPT_ACCEPT_ENCODING} is set (to any string, {@code ""} included). */
    private static final int ACCEPT_ENCODING = 1 << 4;
    /** {@code CURLOPT_HTTP_CONTENT_DECODING} is 0 (libcurl's default is 1). */
    private static final int NO_CONTENT_DECODING = 1 << 5;
    /** {@code CURLOPT_NOBODY} (a HEAD request). */
    private static final int NO_BODY = 1 << 6;
    /** The URL's scheme is WS(S): a WebSocket handshake, which is an HTTP/1.1 exchange. */
    private static final int WS_URL = 1 << 7;
    /** The URL names its scheme, and it is HTTP(S) or WS(S): libcurl certainly speaks HTTP for it. */
    private static final int NAMED_HTTP_SCHEME = 1 << 8;

    /** libcurl's defaults. */
    public static final HandleFacts DEFAULTS = new HandleFacts(HTTP_URL, CURLAUTH_BASIC, CURLAUTH_BASIC, 0);

    private final int flags;
    private final long httpAuth;
    private final long proxyAuth;
    private final long httpVersion;

    private HandleFacts(int flags, long httpAuth, long proxyAuth, long httpVersion) {
        this.flags = flags;
        this.httpAuth = httpAuth;
        this.proxyAuth = proxyAuth;
        this.httpVersion = httpVersion;
    }

    /** After a long option is set; the same object when {@code option} is not one of these facts. */
    HandleFacts afterLong(CurlOpt option, long value) {
        return switch (option) {
            case FOLLOWLOCATION -> withFlag(FOLLOW_LOCATION, value != 0);
            case HTTP_CONTENT_DECODING -> withFlag(NO_CONTENT_DECODING, value == 0);
            case NOBODY -> withFlag(NO_BODY, value != 0);
            case HTTPAUTH -> new HandleFacts(flags, value, proxyAuth, httpVersion);
            case PROXYAUTH -> new HandleFacts(flags, httpAuth, value, httpVersion);
            case HTTP_VERSION -> new HandleFacts(flags, httpAuth, proxyAuth, value);
            default -> this;
        };
    }

    /** After a string option is set ({@code null}: back to its default). */
    HandleFacts afterString(CurlOpt option, String value) {
        return switch (option) {
            case URL ->
                value == null
                        ? this
                        : withFlag(HTTP_URL, isHttpScheme(value))
                                .withFlag(WS_URL, isWsScheme(value))
                                .withFlag(NAMED_HTTP_SCHEME, namesHttp(value))
                                .withFlag(HTTPS_URL, value.regionMatches(true, 0, "https://", 0, 8));
            case ACCEPT_ENCODING -> withFlag(ACCEPT_ENCODING, value != null);
            default -> this;
        };
    }

    HandleFacts withPipewait(boolean value) {
        return withFlag(PIPEWAIT, value);
    }

    private HandleFacts withFlag(int flag, boolean on) {
        int next = on ? flags | flag : flags & ~flag;
        return next == flags ? this : new HandleFacts(next, httpAuth, proxyAuth, httpVersion);
    }

    private boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /**
     * The response heads are HTTP ones: the URL's scheme is HTTP(S), absent (which libcurl treats as
     * HTTP), or WS(S), whose handshake is HTTP.
     */
    public boolean httpUrl() {
        return has(HTTP_URL) || has(WS_URL);
    }

    /**
     * Whether the URL names HTTP(S) or WS(S) as its scheme. Without a scheme, or with one this class
     * does not recognise, only libcurl knows what it speaks: it guesses a scheme from the host name
     * ({@code ftp.example.com}) and takes a URL that does not parse as one with a scheme
     * ({@code h#ttp://host/}) as an HTTP URL without one.
     */
    public boolean namesHttpScheme() {
        return has(NAMED_HTTP_SCHEME);
    }

    /**
     * Whether libcurl asks the server to upgrade the request to h2c ({@code CURL_HTTP_VERSION_2_0}
     * on a plain {@code http://} URL), so that a 101 is followed by the HTTP/2 response.
     */
    public boolean upgradesToH2c() {
        return has(HTTP_URL) && !has(HTTPS_URL) && httpVersion == 3;
    }

    /** {@code CURLOPT_FOLLOWLOCATION}. */
    public boolean followLocation() {
        return has(FOLLOW_LOCATION);
    }

    /** The {@code CURLOPT_PIPEWAIT} value set on the handle. */
    public boolean pipewait() {
        return has(PIPEWAIT);
    }

    /**
     * Whether libcurl decodes the body's {@code Content-Encoding}: only when
     * {@code CURLOPT_ACCEPT_ENCODING} is set and {@code CURLOPT_HTTP_CONTENT_DECODING} is not 0.
     */
    public boolean decodesContent() {
        return has(ACCEPT_ENCODING) && !has(NO_CONTENT_DECODING);
    }

    /** {@code CURLOPT_NOBODY}: the response has no body, whatever its head says. */
    public boolean noBody() {
        return has(NO_BODY);
    }

    /**
     * Whether the transfer could share an HTTP/2 connection (HTTPS, or HTTP/2 with prior
     * knowledge), which is when {@code PIPEWAIT} helps: a burst then waits for the first
     * connection's ALPN answer instead of opening a connection each. On plain HTTP/1.1 it would
     * make every request wait for the previous response on the same host.
     */
    public boolean canMultiplex() {
        return (has(HTTPS_URL) && httpVersion != 1 && httpVersion != 2) || httpVersion == 5;
    }

    /**
     * Whether a 401 (or with {@code proxy}, a 407) will be answered by another round: a multi-pass scheme is allowed.
     */
    public boolean answersChallenge(boolean proxy) {
        long auth = proxy ? proxyAuth : httpAuth;
        return (auth & ~(CURLAUTH_BASIC | CURLAUTH_BEARER)) != 0;
    }

    private static boolean namesHttp(String url) {
        return url.contains("://") && (isHttpScheme(url) || isWsScheme(url));
    }

    private static boolean isWsScheme(String url) {
        int colon = url.indexOf("://");
        return (colon == 2 && url.regionMatches(true, 0, "ws", 0, 2))
                || (colon == 3 && url.regionMatches(true, 0, "wss", 0, 3));
    }

    private static boolean isHttpScheme(String url) {
        int colon = url.indexOf("://");
        return colon < 0
                || (colon == 4 && url.regionMatches(true, 0, "http", 0, 4))
                || (colon == 5 && url.regionMatches(true, 0, "https", 0, 5));
    }
}
