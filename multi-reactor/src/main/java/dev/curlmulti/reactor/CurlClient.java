package dev.curlmulti.reactor;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.core.loop.HandlePool;
import dev.curlmulti.reactor.internal.HeaderRules;
import dev.curlmulti.reactor.websocket.CurlWebSocket;
import dev.curlmulti.reactor.websocket.WebSocketRequest;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * An HTTP client on libcurl's multi interface, with Reactor types: responses are {@link Mono}s
 * emitted at the final head, bodies are {@link Flux}es with backpressure down to libcurl (no
 * demand pauses the transfer).
 *
 * <pre>{@code
 * CurlClient client = CurlClient.builder().followRedirects(5).compression(true).build();
 * Mono<String> page = client.get("https://example.com/").flatMap(CurlResponse::bodyAsString);
 * }</pre>
 *
 * <p><b>Secure defaults:</b> only {@code http} and {@code https} (also for redirects), TLS
 * verification on (turning it off is an explicit, logged choice), redirects off (bounded when on),
 * credentials never sent to another host, proxy environment variables ignored unless
 * {@link Builder#useEnvironmentProxy asked}, header injection refused.
 *
 * <p><b>Threading:</b> immutable and thread-safe; build one and share it. Each subscription is a new
 * transfer (so {@code retry()} works). Signals arrive on loop threads: never block them ({@code publishOn}).
 *
 * <p><b>Lifecycle:</b> the client owns its loop threads (daemons); {@link #dispose()} (or
 * {@link #close()}) ends transfers still running and frees everything; {@link #disposeLater()}
 * lets them finish first. Copies made with {@link #mutate()} that keep the loop settings share the
 * loops; the last one disposed closes them.
 */
public final class CurlClient implements Disposable, AutoCloseable {
    private final ClientConfig config;
    private final ClientResources resources;
    private final HandlePool pool;
    private final RequestPipeline pipeline;
    private final AtomicBoolean disposed = new AtomicBoolean();

    private CurlClient(ClientConfig config, ClientResources shared) {
        this.config = config;
        ClientResources chosen = shared != null && shared.shape.equals(config.loopShape()) && shared.retain()
                ? shared : new ClientResources(config.loopShape());
        this.resources = chosen;
        try {
            this.pool = TemplateOptions.newPool(config, chosen.group.share());
        } catch (RuntimeException e) {
            chosen.release(null);
            throw e;
        }
        this.pipeline = new RequestPipeline(config, new TransferLauncher(config, chosen, pool, disposed::get));
    }

    /** A client with the defaults. */
    public static CurlClient create() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder(new ClientConfig(), null);
    }

    /** A builder holding this client's settings; what it builds shares this client's loops when they agree. */
    public Builder mutate() {
        return new Builder(config.copy(), resources);
    }

    public Mono<CurlResponse> get(String uri) { // request(CurlRequest.get(uri))
        return request(CurlRequest.get(uri));
    }

    /**
     * Sends {@code request}; the Mono emits the response at its final head and fails with a
     * {@link CurlException} subtype (connect, DNS, timeout, TLS, too large, protocol) when the
     * transfer fails before. HTTP error statuses are responses, not errors (see {@link #retrieve}).
     * Cancelling before the head aborts the transfer.
     */
    public Mono<CurlResponse> request(CurlRequest request) {
        return pipeline.exchange(Objects.requireNonNull(request, "request"));
    }

    /** Like {@link #request}, but a 4xx or 5xx status fails with {@link HttpStatusException} (with 64 KiB of body). */
    public Mono<CurlResponse> retrieve(CurlRequest request) {
        return request(request).flatMap(response -> response.status() < 400 ? Mono.just(response)
                : HttpStatusException.of(request, response));
    }

    /**
     * Downloads to a file with no Java-heap copy, as {@link DownloadRequest} describes (part file,
     * resume, start over). A non-2xx status fails with {@link HttpStatusException};
     * {@link Builder#maxResponseSize maxResponseSize} bounds the file.
     */
    public Mono<DownloadResult> download(DownloadRequest download) {
        return download(Objects.requireNonNull(download, "download"), new AtomicLong(), null, new AtomicInteger());
    }

    /** {@code download(DownloadRequest.of(url, target))}. */
    public Mono<DownloadResult> download(String url, Path target) {
        return download(DownloadRequest.of(url, target));
    }

    Mono<DownloadResult> download(DownloadRequest download, AtomicLong progressBytes, RetryPolicy policy,
            AtomicInteger attempts) {
        return pipeline.download(download, progressBytes, policy, attempts);
    }

    /**
     * Downloads every request, at most {@code concurrency} at once, results in completion order;
     * transient failures are retried ({@link DownloadBatch#policy}); one that still fails is a result
     * with {@link DownloadResult#error()} set, and the batch goes on.
     */
    public Flux<DownloadResult> downloadAll(Publisher<DownloadRequest> requests, int concurrency) {
        return batch(requests, concurrency, 3).results();
    }

    /** A batch with a progress stream, up to {@code retries} retries each ({@link DownloadBatch#policy}). */
    public DownloadBatch batch(Publisher<DownloadRequest> requests, int concurrency, int retries) {
        return batch(requests, concurrency, DownloadBatch.policy(retries));
    }

    /** A batch with a progress stream, each download tried under {@code policy}. */
    public DownloadBatch batch(Publisher<DownloadRequest> requests, int concurrency, RetryPolicy policy) {
        return new DownloadBatch(this, requests, concurrency, Objects.requireNonNull(policy, "policy"));
    }

    /**
     * Opens a WebSocket session ({@code ws://}, {@code wss://}; libcurl 8.14+) with this client's TLS, proxy,
     * connect timeout and default headers; one session per subscription. See {@link CurlWebSocket}.
     * @throws UnsupportedOperationException the loaded libcurl has no WebSocket support (the message says what to
     * install) */
    public Mono<CurlWebSocket> websocket(WebSocketRequest request) {
        return WebSocketLauncher.open(Objects.requireNonNull(request, "request"), config, resources, pool,
                disposed::get);
    }

    /** {@code websocket(WebSocketRequest.of(uri))}. */
    public Mono<CurlWebSocket> websocket(String uri) {
        return websocket(WebSocketRequest.of(uri));
    }

    /** The number of transfers running on this client's loops (shared with copies that share them). */
    public int inFlight() {
        return resources.group.inFlight();
    }

    /** Ends transfers still running and frees this client's resources. Idempotent. */
    @Override
    public void dispose() {
        if (disposed.compareAndSet(false, true)) {
            pool.close();
            resources.release(null);
        }
    }

    /** Lets transfers in flight finish (up to 30 s), then disposes; runs when subscribed. */
    public Mono<Void> disposeLater() {
        return Mono.<Void>fromRunnable(() -> {
            if (disposed.compareAndSet(false, true)) {
                resources.release(Duration.ofSeconds(30));
                pool.close();
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public boolean isDisposed() {
        return disposed.get();
    }

    @Override
    public void close() { // same as dispose()
        dispose();
    }

    /**
     * Builds a {@link CurlClient}. Every setting maps to libcurl options (named in each method). Not
     * thread-safe; {@link #build()} may be called more than once. Values are checked when set: a timeout is
     * {@code null} (none) or 0 to {@code Duration.ofNanos(Long.MAX_VALUE)}; header values may not contain CR,
     * LF, NUL or other control characters but tab, nor be only blanks (libcurl would drop the header); sizes
     * and counts may not be negative. Anything else throws {@link IllegalArgumentException} here.
     */
    public static final class Builder {
        /** The settings so far: written only by this builder; each client gets its own copy. */
        private final ClientConfig draft;
        private final ClientResources shared;

        private Builder(ClientConfig draft, ClientResources shared) {
            this.draft = draft;
            this.shared = shared;
        }

        /**
         * Loop threads (default: one per processor, at most 8), each with its own multi handle and connections,
         * sharing DNS answers and TLS sessions. A request goes to the loop that holds its origin's connections
         * (so a sequential caller reuses one connection, and an HTTP/2 origin shares one multiplexed connection)
         * unless that loop is busy: on HTTP/1.1 when it has a transfer in flight, on HTTP/2 and HTTP/3 at 32
         * in flight; then to the loop with the fewest transfers in flight, so a busy host uses every core.
         * With {@link #maxConnectionsPerHost} set, a host stays on one loop so that its limit holds exactly. */
        public Builder loops(int count) {
            draft.loops = HeaderRules.checkPositive("loops", count);
            return this;
        }

        /**
         * Open connections per loop at most, 0 = no limit ({@code CURLMOPT_MAX_TOTAL_CONNECTIONS}), so up to this many
         * per loop.
         */
        public Builder maxConnections(int count) {
            draft.maxConnections = HeaderRules.checkNonNegative(count);
            return this;
        }

        /** Connections per host at most, 0 = no limit ({@code CURLMOPT_MAX_HOST_CONNECTIONS}); exact per client. */
        public Builder maxConnectionsPerHost(int count) {
            draft.maxConnectionsPerHost = HeaderRules.checkNonNegative(count);
            return this;
        }

        /** Changes the connection pool's settings ({@link ConnectionPoolSettings}), e.g. {@code
         * connectionPool(p -> p.withMaxPendingRequests(1000).withPendingTimeout(Duration.ofSeconds(5)))}. */
        public Builder connectionPool(UnaryOperator<ConnectionPoolSettings> change) {
            draft.pool = Objects.requireNonNull(change.apply(draft.pool), "the connection pool settings");
            return this;
        }

        /** HTTP/2 streams per connection ({@code CURLMOPT_MAX_CONCURRENT_STREAMS}, default 100). */
        public Builder maxConcurrentStreams(int count) {
            draft.maxConcurrentStreams = HeaderRules.checkPositive("maxConcurrentStreams", count);
            return this;
        }

        /** {@code CURLOPT_HTTP_VERSION}; default {@link HttpVersion#HTTP_2_TLS}. */
        public Builder httpVersion(HttpVersion version) {
            draft.httpVersion = Objects.requireNonNull(version);
            return this;
        }

        /** Time to establish the connection, TLS included ({@code CURLOPT_CONNECTTIMEOUT_MS}; default 30 s). */
        public Builder connectTimeout(Duration timeout) {
            draft.connectTimeout = HeaderRules.checkTimeout("connectTimeout", timeout);
            return this;
        }

        /**
         * Time from sending the request to its final response head, enforced by the client. It starts once
         * libcurl has a connection for the request, so a wait for a free connection does not count (libcurl
         * before 7.80 cannot tell, and then counts it), and with a streamed request body only after its last
         * byte; limit the whole exchange with {@link #totalTimeout}. Default none. */
        public Builder responseTimeout(Duration timeout) {
            draft.responseTimeout = HeaderRules.checkTimeout("responseTimeout", timeout);
            return this;
        }

        /** Whole-transfer limit ({@code CURLOPT_TIMEOUT_MS}); a request may set its own. Default none. */
        public Builder totalTimeout(Duration timeout) {
            draft.totalTimeout = HeaderRules.checkTimeout("totalTimeout", timeout);
            return this;
        }

        /**
         * Fails a transfer that moves no byte, received or sent, for this long once its request is
         * sent. Time the consumer itself keeps the transfer paused, or the request body's publisher
         * has nothing ready, does not count (libcurl's low-speed check would count both). Default
         * none.
         */
        public Builder idleTimeout(Duration timeout) {
            draft.idleTimeout = HeaderRules.checkTimeout("idleTimeout", timeout);
            return this;
        }

        /** How long a response's body may wait for a subscriber before the transfer is aborted (default 10 s). */
        public Builder bodySubscribeTimeout(Duration timeout) {
            draft.bodySubscribeTimeout = HeaderRules.checkTimeout("bodySubscribeTimeout", timeout);
            return this;
        }

        /**
         * Follow up to {@code max} redirects ({@code CURLOPT_FOLLOWLOCATION}, {@code CURLOPT_MAXREDIRS}); 0 = off
         * (default).
         */
        public Builder followRedirects(int max) {
            draft.maxRedirects = HeaderRules.checkNonNegative(max);
            return this;
        }

        /**
         * Ask for and decode gzip, deflate, br and zstd ({@code CURLOPT_ACCEPT_ENCODING ""}). Default off.
         * A compressed stream cut short inside complete HTTP framing (its {@code Content-Length}, or
         * the last chunk, all there) arrives as the shorter body decoded so far, without an error: no
         * libcurl checks that the compressed stream reached its end.
         */
        public Builder compression(boolean on) {
            draft.compression = on;
            return this;
        }

        /**
         * Fail with {@code CurlTooLargeException} once a response body (counted after decoding, so a
         * decompression bomb is stopped) and its trailers exceed {@code bytes}: the body {@code Flux},
         * the in-memory helpers and downloads to files alike (a download's part file is then deleted;
         * a download counts the body only). Default: no limit; trailers are then still bounded at
         * 300 KiB or 5,000 lines ({@link dev.curlmulti.core.loop.TransferHandler#MAX_TRAILER_BYTES}).
         */
        public Builder maxResponseSize(long bytes) {
            draft.maxResponseSize = bytes;
            return this;
        }

        /** Limit for {@code bodyAsBytes()}/{@code bodyAsString()} (default 16 MiB). */
        public Builder maxInMemorySize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxInMemorySize must be >= 0: " + bytes);
            }
            draft.maxInMemorySize = bytes;
            return this;
        }

        /** Send every request through {@code proxy} ({@code CURLOPT_PROXY}, {@code CURLOPT_NOPROXY}, ...). */
        public Builder proxy(ProxyConfig config) {
            draft.proxy = config;
            return this;
        }

        /** Honour {@code http_proxy}, {@code https_proxy}, {@code all_proxy}, {@code no_proxy}. Default off. */
        public Builder useEnvironmentProxy(boolean on) {
            draft.environmentProxy = on;
            return this;
        }

        /**
         * Changes the TLS settings ({@link TlsConfig}): trust and client certificates from PEM text or a
         * {@link java.security.KeyStore} in memory, versions, cipher suites. For example
         * {@code tls(t -> t.withTrustedCertificates(caPem))}.
         */
        public Builder tls(UnaryOperator<TlsConfig> change) {
            draft.tls = Objects.requireNonNull(change.apply(draft.tls), "the TLS settings");
            return this;
        }

        /** Trust these CA certificates (PEM file) instead of the system's ({@link TlsConfig#withCaFile}). */
        public Builder caFile(Path file) {
            return tls(t -> t.withCaFile(file));
        }

        /** Trust a directory of CA certificates ({@link TlsConfig#withCaPath}). */
        public Builder caPath(Path directory) {
            return tls(t -> t.withCaPath(directory));
        }

        /**
         * Present a client certificate from PEM files ({@link TlsConfig#withClientCertificate(Path, Path, String)}).
         */
        public Builder clientCertificate(Path certificatePem, Path keyPem, String keyPassword) {
            return tls(t -> t.withClientCertificate(certificatePem, keyPem, keyPassword));
        }

        /**
         * Accept only a server key with this pin, for example {@code sha256//base64=}
         * ({@code CURLOPT_PINNEDPUBLICKEY}).
         */
        public Builder pinnedPublicKey(String pin) {
            return tls(t -> t.withPinnedPublicKey(pin));
        }

        /** Refuse TLS older than {@code version} ({@code CURLOPT_SSLVERSION}). */
        public Builder minTlsVersion(TlsVersion version) {
            return tls(t -> t.withVersions(version, t.maxVersion));
        }

        /**
         * Turns OFF certificate and host name verification ({@code CURLOPT_SSL_VERIFYPEER/HOST = 0}).
         * Any server can then impersonate any host; a warning is logged when the client is built.
         */
        public Builder insecureSkipTlsVerification() {
            draft.insecure = true;
            return this;
        }

        /** Keep cookies in a jar shared by all requests of this client ({@code CURLOPT_COOKIEFILE ""} + share). */
        public Builder cookies(boolean on) {
            draft.cookies = on;
            return this;
        }

        /** HTTP Basic credentials ({@code CURLOPT_USERNAME}, {@code CURLOPT_PASSWORD}, {@code CURLAUTH_BASIC}). */
        public Builder basicAuth(String user, String pass) {
            return credentials(ClientConfig.AuthScheme.BASIC, user, pass);
        }

        /** HTTP Digest credentials ({@code CURLAUTH_DIGEST}). */
        public Builder digestAuth(String user, String pass) {
            return credentials(ClientConfig.AuthScheme.DIGEST, user, pass);
        }

        /** An OAuth 2 bearer token ({@code CURLOPT_XOAUTH2_BEARER}, {@code CURLAUTH_BEARER}). */
        public Builder bearerToken(String token) {
            HeaderRules.checkValue("bearer token", token);
            draft.authScheme = ClientConfig.AuthScheme.BEARER;
            draft.bearerToken = token;
            return this;
        }

        private Builder credentials(ClientConfig.AuthScheme scheme, String user, String pass) {
            HeaderRules.checkValue("user", user);
            HeaderRules.checkValue("password", pass);
            draft.authScheme = scheme;
            draft.username = user;
            draft.password = pass;
            return this;
        }

        /** A header sent with every request (a request's own header of that name wins). */
        public Builder defaultHeader(String name, String value) {
            HeaderRules.checkHeader(name, value);
            draft.defaultHeaders.add(Map.entry(name, value));
            return this;
        }

        /** {@code CURLOPT_USERAGENT}. */
        public Builder userAgent(String value) {
            HeaderRules.checkValue("user agent", value);
            draft.userAgent = value;
            return this;
        }

        /** Resolve {@code host:port} to {@code address} without DNS ({@code CURLOPT_RESOLVE}). */
        public Builder resolve(String host, int port, String address) {
            HeaderRules.checkResolve(host, port, address);
            draft.resolve.add(host + ":" + port + ":" + address);
            return this;
        }

        /** Connect to this unix domain socket instead of TCP ({@code CURLOPT_UNIX_SOCKET_PATH}). */
        public Builder unixSocket(Path path) {
            draft.unixSocket = path;
            return this;
        }

        /**
         * Any other libcurl option for every request: {@code Long}/{@code Integer}, {@code Boolean}, {@code String},
         * {@code byte[]}, {@code List<String>}.
         */
        public Builder option(CurlOpt option, Object value) {
            draft.options.put(Objects.requireNonNull(option), value);
            return this;
        }

        /**
         * libcurl's receive buffer ({@code CURLOPT_BUFFERSIZE}, 1,024 to 524,288 bytes, else
         * {@link IllegalArgumentException}). Default: 128 KiB with libcurl 8.7 and later, where a loop's
         * transfers share one buffer (so its size costs a loop, not a transfer); 16 KiB (libcurl's own)
         * before 8.7, where every transfer in flight holds one (10,000 x 256 KiB = 2.5 GiB): raise it
         * there only for few large bodies. A larger buffer means fewer reads per byte on HTTP/1.1; body
         * chunks still come at most 16 KiB at a time (libcurl's write size).
         */
        public Builder receiveBufferSize(int bytes) {
            if (bytes < 1024 || bytes > 512 * 1024) {
                throw new IllegalArgumentException("receive buffer must be 1024 to 524288 bytes: " + bytes);
            }
            draft.options.put(CurlOpt.BUFFERSIZE, (long) bytes);
            return this;
        }

        /**
         * Schemes allowed for requests and redirects (default {@code http}, {@code https};
         * {@code CURLOPT_PROTOCOLS_STR}).
         */
        public Builder allowProtocols(String... schemes) {
            draft.protocols = List.of(schemes);
            return this;
        }

        /**
         * How loops drive libcurl: {@code SOCKET} (epoll) or {@code POLL} (portable); default
         * {@link LoopDriverKind#defaultKind()}.
         */
        public Builder loopDriver(LoopDriverKind driver) {
            draft.loopDriver = Objects.requireNonNull(driver);
            return this;
        }

        /** Adds a filter around every exchange ({@link CurlFilter}); the first added is outermost. */
        public Builder filter(CurlFilter filter) {
            draft.filters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /** Retries requests as {@code policy} says ({@link RetryPolicy}; null: never, the default). */
        public Builder retry(RetryPolicy policy) {
            draft.retry = policy;
            return this;
        }

        /**
         * Tells {@code observer} about every request (metrics, tracing; {@link RequestObserver}), in the order added.
         */
        public Builder observe(RequestObserver observer) {
            draft.observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * libcurl's debug stream to SLF4J logger {@code dev.curlmulti.wire} ({@link WireLog}): heads and events at
         * DEBUG (credentials redacted), body bytes at TRACE; also on when that logger is at DEBUG at build. Off: no
         * cost.
         */
        public Builder wiretap(boolean on) {
            draft.wiretap = on;
            return this;
        }

        /** Read per-phase timings at completion (default on; about 1-1.5 µs of CPU per request on `bin/bench` (a)). */
        public Builder timings(boolean on) {
            draft.timings = on;
            return this;
        }

        public CurlClient build() {
            return new CurlClient(draft.copy(), shared);
        }
    }
}
