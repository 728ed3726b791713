package dev.curlmulti.reactor;

import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.reactor.internal.HeaderRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The methods of {@link CurlClient.Builder}, the one builder of a client: one per setting, each
 * checked by that setting's {@link ClientSettings definition} when called (so a bad value fails
 * here, not when a request runs). Not thread-safe; {@link #build()} may be called more than once,
 * each client getting its own copy of the settings.
 */
abstract sealed class CurlClientBuilder permits CurlClient.Builder {
    /** The settings so far: written only by this builder; each client gets its own copy. */
    private final ClientConfig draft;
    /** The loops of the client this builder was made from ({@link CurlClient#mutate()}), or null. */
    private final ClientResources shared;

    CurlClientBuilder(ClientConfig draft, ClientResources shared) {
        this.draft = draft;
        this.shared = shared;
    }

    private CurlClient.Builder self() {
        return (CurlClient.Builder) this;
    }

    /**
     * Sets {@code setting} to {@code value}, checked by its definition as the named method for it
     * would check it (the named methods call this).
     *
     * @throws IllegalArgumentException a value out of range
     * @throws NullPointerException     null for a setting that has no "none"
     */
    public <T> CurlClient.Builder set(ClientSetting<T> setting, T value) {
        draft.set(setting, value);
        return self();
    }

    /**
     * Loop threads (default: one per processor, at most 8), each with its own multi handle and connections,
     * sharing DNS answers and TLS sessions. A request goes to the loop that holds its origin's connections
     * (so a sequential caller reuses one connection, and an HTTP/2 origin shares one multiplexed connection)
     * unless that loop is busy: on HTTP/1.1 when it has a transfer in flight, on HTTP/2 and HTTP/3 at 32
     * in flight; then to the loop with the fewest transfers in flight, so a busy host uses every core.
     * With {@link #maxConnectionsPerHost} set, a host stays on one loop so that its limit holds exactly. */
    public CurlClient.Builder loops(int count) {
        return set(ClientSettings.LOOPS, count);
    }

    /**
     * Open connections per loop at most, 0 = no limit ({@code CURLMOPT_MAX_TOTAL_CONNECTIONS}), so up to this many
     * per loop.
     */
    public CurlClient.Builder maxConnections(int count) {
        return set(ClientSettings.MAX_CONNECTIONS, count);
    }

    /** Connections per host at most, 0 = no limit ({@code CURLMOPT_MAX_HOST_CONNECTIONS}); exact per client. */
    public CurlClient.Builder maxConnectionsPerHost(int count) {
        return set(ClientSettings.MAX_CONNECTIONS_PER_HOST, count);
    }

    /** Changes the connection pool's settings ({@link ConnectionPoolSettings}), e.g. {@code
     * connectionPool(p -> p.withMaxPendingRequests(1000).withPendingTimeout(Duration.ofSeconds(5)))}. */
    public CurlClient.Builder connectionPool(UnaryOperator<ConnectionPoolSettings> change) {
        return set(ClientSettings.CONNECTION_POOL, change.apply(draft.get(ClientSettings.CONNECTION_POOL)));
    }

    /** HTTP/2 streams per connection ({@code CURLMOPT_MAX_CONCURRENT_STREAMS}, default 100). */
    public CurlClient.Builder maxConcurrentStreams(int count) {
        return set(ClientSettings.MAX_CONCURRENT_STREAMS, count);
    }

    /** {@code CURLOPT_HTTP_VERSION}; default {@link HttpVersion#HTTP_2_TLS}. */
    public CurlClient.Builder httpVersion(HttpVersion version) {
        return set(ClientSettings.HTTP_VERSION, version);
    }

    /** Time to establish the connection, TLS included ({@code CURLOPT_CONNECTTIMEOUT_MS}; default 30 s). */
    public CurlClient.Builder connectTimeout(Duration timeout) {
        return set(ClientSettings.CONNECT_TIMEOUT, timeout);
    }

    /**
     * Time from sending the request to its final response head, enforced by the client. It starts once
     * libcurl has a connection for the request, so a wait for a free connection does not count (libcurl
     * before 7.80 cannot tell, and then counts it), and with a streamed request body only after its last
     * byte; limit the whole exchange with {@link #totalTimeout}. Default none. */
    public CurlClient.Builder responseTimeout(Duration timeout) {
        return set(ClientSettings.RESPONSE_TIMEOUT, timeout);
    }

    /** Whole-transfer limit ({@code CURLOPT_TIMEOUT_MS}); a request may set its own. Default none. */
    public CurlClient.Builder totalTimeout(Duration timeout) {
        return set(ClientSettings.TOTAL_TIMEOUT, timeout);
    }

    /**
     * Fails a transfer that moves no byte, received or sent, for this long once its request is
     * sent. Time the consumer itself keeps the transfer paused, or the request body's publisher
     * has nothing ready, does not count (libcurl's low-speed check would count both). Default
     * none.
     */
    public CurlClient.Builder idleTimeout(Duration timeout) {
        return set(ClientSettings.IDLE_TIMEOUT, timeout);
    }

    /** How long a response's body may wait for a subscriber before the transfer is aborted (default 10 s). */
    public CurlClient.Builder bodySubscribeTimeout(Duration timeout) {
        return set(ClientSettings.BODY_SUBSCRIBE_TIMEOUT, timeout);
    }

    /**
     * Follow up to {@code max} redirects ({@code CURLOPT_FOLLOWLOCATION}, {@code CURLOPT_MAXREDIRS}); 0 = off
     * (default).
     */
    public CurlClient.Builder followRedirects(int max) {
        return set(ClientSettings.MAX_REDIRECTS, max);
    }

    /**
     * Ask for and decode gzip, deflate, br and zstd ({@code CURLOPT_ACCEPT_ENCODING ""}). Default off.
     * A compressed stream cut short inside complete HTTP framing (its {@code Content-Length}, or
     * the last chunk, all there) arrives as the shorter body decoded so far, without an error: no
     * libcurl checks that the compressed stream reached its end.
     */
    public CurlClient.Builder compression(boolean on) {
        return set(ClientSettings.COMPRESSION, on);
    }

    /**
     * Fail with {@code CurlTooLargeException} once a response body (counted after decoding, so a
     * decompression bomb is stopped) and its trailers exceed {@code bytes}: the body {@code Flux},
     * the in-memory helpers and downloads to files alike (a download's part file is then deleted;
     * a download counts the body only). Default: no limit; trailers are then still bounded at
     * 300 KiB or 5,000 lines ({@link dev.curlmulti.core.loop.TransferHandler#MAX_TRAILER_BYTES}).
     * A negative size throws {@link IllegalArgumentException}, as on a request.
     */
    public CurlClient.Builder maxResponseSize(long bytes) {
        return set(ClientSettings.MAX_RESPONSE_SIZE, bytes);
    }

    /** Limit for {@code bodyAsBytes()}/{@code bodyAsString()} (default 16 MiB). */
    public CurlClient.Builder maxInMemorySize(long bytes) {
        return set(ClientSettings.MAX_IN_MEMORY_SIZE, bytes);
    }

    /** Send every request through {@code proxy} ({@code CURLOPT_PROXY}, {@code CURLOPT_NOPROXY}, ...). */
    public CurlClient.Builder proxy(ProxyConfig config) {
        return set(ClientSettings.PROXY, config);
    }

    /** Honour {@code http_proxy}, {@code https_proxy}, {@code all_proxy}, {@code no_proxy}. Default off. */
    public CurlClient.Builder useEnvironmentProxy(boolean on) {
        return set(ClientSettings.ENVIRONMENT_PROXY, on);
    }

    /**
     * Changes the TLS settings ({@link TlsConfig}): trust and client certificates from PEM text or a
     * {@link java.security.KeyStore} in memory, versions, cipher suites. For example
     * {@code tls(t -> t.withTrustedCertificates(caPem))}.
     */
    public CurlClient.Builder tls(UnaryOperator<TlsConfig> change) {
        return set(ClientSettings.TLS, change.apply(draft.get(ClientSettings.TLS)));
    }

    /** Trust these CA certificates (PEM file) instead of the system's ({@link TlsConfig#withCaFile}). */
    public CurlClient.Builder caFile(Path file) {
        return tls(t -> t.withCaFile(file));
    }

    /** Trust a directory of CA certificates ({@link TlsConfig#withCaPath}). */
    public CurlClient.Builder caPath(Path directory) {
        return tls(t -> t.withCaPath(directory));
    }

    /**
     * Present a client certificate from PEM files ({@link TlsConfig#withClientCertificate(Path, Path, String)}).
     */
    public CurlClient.Builder clientCertificate(Path certificatePem, Path keyPem, String keyPassword) {
        return tls(t -> t.withClientCertificate(certificatePem, keyPem, keyPassword));
    }

    /**
     * Accept only a server key with this pin, for example {@code sha256//base64=}
     * ({@code CURLOPT_PINNEDPUBLICKEY}).
     */
    public CurlClient.Builder pinnedPublicKey(String pin) {
        return tls(t -> t.withPinnedPublicKey(pin));
    }

    /** Refuse TLS older than {@code version} ({@code CURLOPT_SSLVERSION}). */
    public CurlClient.Builder minTlsVersion(TlsVersion version) {
        return tls(t -> t.withVersions(version, t.maxVersion));
    }

    /**
     * Turns OFF certificate and host name verification ({@code CURLOPT_SSL_VERIFYPEER/HOST = 0}).
     * Any server can then impersonate any host; a warning is logged when the client is built.
     */
    public CurlClient.Builder insecureSkipTlsVerification() {
        return set(ClientSettings.INSECURE, true);
    }

    /** Keep cookies in a jar shared by all requests of this client ({@code CURLOPT_COOKIEFILE ""} + share). */
    public CurlClient.Builder cookies(boolean on) {
        return set(ClientSettings.COOKIES, on);
    }

    /**
     * A {@link java.net.CookieHandler} (a {@link java.net.CookieManager} with its {@link java.net.CookieStore},
     * say) as the client's cookie store instead of libcurl's jar: before each request (each try) its
     * {@code get} gives the cookies to send (one {@code Cookie} field, after the request's own); at the final
     * response its {@code put} gets the header fields, under the URL that response came from. Responses of a
     * redirect libcurl follows are not passed on. Called on the subscriber's thread and on loop threads: it must
     * be thread-safe and not block. One store per client: with {@link #cookies(boolean) cookies(true)} too,
     * {@link #build()} fails. See docs/cookies.md. Null: none (the default).
     */
    public CurlClient.Builder cookieHandler(java.net.CookieHandler handler) {
        draft.cookieHandler = handler;
        return self();
    }

    /** HTTP Basic credentials ({@code CURLOPT_USERNAME}, {@code CURLOPT_PASSWORD}, {@code CURLAUTH_BASIC}). */
    public CurlClient.Builder basicAuth(String user, String pass) {
        return credentials(ClientConfig.AuthScheme.BASIC, user, pass);
    }

    /** HTTP Digest credentials ({@code CURLAUTH_DIGEST}). */
    public CurlClient.Builder digestAuth(String user, String pass) {
        return credentials(ClientConfig.AuthScheme.DIGEST, user, pass);
    }

    /** An OAuth 2 bearer token ({@code CURLOPT_XOAUTH2_BEARER}, {@code CURLAUTH_BEARER}). */
    public CurlClient.Builder bearerToken(String token) {
        HeaderRules.checkValue("bearer token", token);
        draft.authScheme = ClientConfig.AuthScheme.BEARER;
        draft.bearerToken = token;
        return self();
    }

    private CurlClient.Builder credentials(ClientConfig.AuthScheme scheme, String user, String pass) {
        HeaderRules.checkValue("user", user);
        HeaderRules.checkValue("password", pass);
        draft.authScheme = scheme;
        draft.username = user;
        draft.password = pass;
        return self();
    }

    /** A header sent with every request (a request's own header of that name wins). */
    public CurlClient.Builder defaultHeader(String name, String value) {
        HeaderRules.checkHeader(name, value);
        draft.defaultHeaders.add(Map.entry(name, value));
        return self();
    }

    /** {@code CURLOPT_USERAGENT}. */
    public CurlClient.Builder userAgent(String value) {
        return set(ClientSettings.USER_AGENT, value);
    }

    /** Resolve {@code host:port} to {@code address} without DNS ({@code CURLOPT_RESOLVE}). */
    public CurlClient.Builder resolve(String host, int port, String address) {
        HeaderRules.checkResolve(host, port, address);
        draft.resolve.add(host + ":" + port + ":" + address);
        return self();
    }

    /** Connect to this unix domain socket instead of TCP ({@code CURLOPT_UNIX_SOCKET_PATH}). */
    public CurlClient.Builder unixSocket(Path path) {
        return set(ClientSettings.UNIX_SOCKET, path);
    }

    /**
     * Any other libcurl option for every request: {@code Long}/{@code Integer}, {@code Boolean}, {@code String},
     * {@code byte[]}, {@code List<String>}. Not {@code CURLOPT_HSTS} or {@code CURLOPT_ALTSVC}: use {@link #hsts}
     * and {@link #altSvc} ({@link IllegalArgumentException}).
     */
    public CurlClient.Builder option(CurlOpt option, Object value) {
        if (option == CurlOpt.HSTS || option == CurlOpt.ALTSVC) {
            // On the template every handle would copy it: libcurl before 8.5 then frees the HSTS file
            // list twice (a crash), and every handle would overwrite the file with its own view when closed.
            throw new IllegalArgumentException(option.cName() + " as a client option: use "
                    + (option == CurlOpt.HSTS ? "hsts(HstsCache)" : "altSvc(AltSvcCache)"));
        }
        draft.options.put(Objects.requireNonNull(option), value);
        return self();
    }

    /**
     * libcurl's receive buffer ({@code CURLOPT_BUFFERSIZE}, 1,024 to 524,288 bytes, else
     * {@link IllegalArgumentException}). Default: 128 KiB with libcurl 8.7 and later, where a loop's
     * transfers share one buffer (so its size costs a loop, not a transfer); 16 KiB (libcurl's own)
     * before 8.7, where every transfer in flight holds one (10,000 x 256 KiB = 2.5 GiB): raise it
     * there only for few large bodies. A larger buffer means fewer reads per byte on HTTP/1.1; body
     * chunks still come at most 16 KiB at a time (libcurl's write size).
     */
    public CurlClient.Builder receiveBufferSize(int bytes) {
        if (bytes < 1024 || bytes > 512 * 1024) {
            throw new IllegalArgumentException("receive buffer must be 1024 to 524288 bytes: " + bytes);
        }
        draft.options.put(CurlOpt.BUFFERSIZE, (long) bytes);
        return self();
    }

    /**
     * Schemes allowed for requests and redirects (default {@code http}, {@code https};
     * {@code CURLOPT_PROTOCOLS_STR}).
     */
    public CurlClient.Builder allowProtocols(String... schemes) {
        return set(ClientSettings.PROTOCOLS, List.of(schemes));
    }

    /**
     * How loops drive libcurl: {@code SOCKET} (epoll) or {@code POLL} (portable); default
     * {@link LoopDriverKind#defaultKind()}.
     */
    public CurlClient.Builder loopDriver(LoopDriverKind driver) {
        return set(ClientSettings.LOOP_DRIVER, driver);
    }

    /** Adds a filter around every exchange ({@link CurlFilter}); the first added is outermost. */
    public CurlClient.Builder filter(CurlFilter filter) {
        draft.filters.add(Objects.requireNonNull(filter, "filter"));
        return self();
    }

    /** Retries requests as {@code policy} says ({@link RetryPolicy}; null: never, the default). */
    public CurlClient.Builder retry(RetryPolicy policy) {
        return set(ClientSettings.RETRY, policy);
    }

    /**
     * Tells {@code observer} about every request (metrics, tracing; {@link RequestObserver}), in the order added.
     */
    public CurlClient.Builder observe(RequestObserver observer) {
        draft.observers.add(Objects.requireNonNull(observer, "observer"));
        return self();
    }

    /**
     * libcurl's debug stream to SLF4J logger {@code dev.curlmulti.wire} ({@link WireLog}): heads and events at
     * DEBUG (credentials redacted), body bytes at TRACE; also on when that logger is at DEBUG at build. Off: no
     * cost.
     */
    public CurlClient.Builder wiretap(boolean on) {
        return set(ClientSettings.WIRETAP, on);
    }

    /** Read per-phase timings at completion (default on; about 1-1.5 µs of CPU per request on `bin/bench` (a)). */
    public CurlClient.Builder timings(boolean on) {
        return set(ClientSettings.TIMINGS, on);
    }

    /**
     * Learn alternative services ({@code Alt-Svc}) from https responses into {@code cache} and use them for new
     * connections: with a libcurl that has HTTP/3, an origin that advertises {@code h3} is reached over HTTP/3
     * from its next new connection on ({@code CURLOPT_ALTSVC_CTRL} h1|h2|h3; h1|h2 without HTTP/3). Off by
     * default; {@link AltSvcCache#inMemory()} or {@link AltSvcCache#file(Path)}; see docs/alt-svc.md.
     *
     * @throws UnsupportedOperationException at {@link #build()}, when the loaded libcurl has no alt-svc
     */
    public CurlClient.Builder altSvc(AltSvcCache cache) {
        return set(ClientSettings.ALT_SVC, cache);
    }

    /**
     * Learn https-only hosts ({@code Strict-Transport-Security}) from https responses into {@code cache}, and
     * send {@code http://} URLs to them as {@code https://} ({@code CURLOPT_HSTS_CTRL}). Off by default;
     * {@link HstsCache#inMemory()} or {@link HstsCache#file(Path)}; see docs/alt-svc.md.
     *
     * @throws UnsupportedOperationException at {@link #build()}, when the loaded libcurl has no HSTS
     */
    public CurlClient.Builder hsts(HstsCache cache) {
        return set(ClientSettings.HSTS, cache);
    }

    /** A client with these settings; it owns its loop threads (shared with the client mutated, if they agree). */
    public CurlClient build() {
        if (draft.cookieHandler != null && draft.get(ClientSettings.COOKIES)) {
            throw new IllegalStateException("cookies(true) keeps cookies in libcurl's jar and cookieHandler(...) in a"
                    + " java.net.CookieHandler: a client has one cookie store, so choose one");
        }
        return new CurlClient(draft.copy(), shared);
    }
}
