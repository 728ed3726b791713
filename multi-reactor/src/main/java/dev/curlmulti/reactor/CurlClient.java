package dev.curlmulti.reactor;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.loop.HandlePool;
import dev.curlmulti.reactor.websocket.CurlWebSocket;
import dev.curlmulti.reactor.websocket.WebSocketRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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
    private final CurlCookieJar cookieJar;

    CurlClient(ClientConfig config, ClientResources shared) {
        this.config = config;
        ClientResources chosen = shared != null && shared.shape.equals(config.loopShape()) && shared.retain()
                ? shared
                : new ClientResources(config.loopShape());
        this.resources = chosen;
        try {
            this.pool = TemplateOptions.newPool(config, chosen.group.share());
        } catch (RuntimeException e) {
            chosen.release(null);
            throw e;
        }
        this.pipeline = new RequestPipeline(config, new TransferLauncher(config, chosen, pool, disposed::get));
        this.cookieJar = config.get(ClientSettings.COOKIES) ? new CurlCookieJar(chosen, pool) : null;
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

    /** A GET of {@code uri}: {@code request(CurlRequest.get(uri))}. */
    public Mono<CurlResponse> get(String uri) {
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
        return request(request)
                .flatMap(response ->
                        response.status() < 400 ? Mono.just(response) : HttpStatusException.of(request, response));
    }

    /**
     * Downloads to a file with no Java-heap copy, as {@link DownloadRequest} describes (part file,
     * resume, start over). A non-2xx status fails with {@link HttpStatusException};
     * {@link Builder#maxResponseSize maxResponseSize} bounds the file.
     */
    public Mono<DownloadResult> download(DownloadRequest download) {
        return download(
                Objects.requireNonNull(download, "download"),
                DownloadMeter.counting(new AtomicLong()),
                null,
                new AtomicInteger());
    }

    /** {@code download(DownloadRequest.of(url, target))}. */
    public Mono<DownloadResult> download(String url, Path target) {
        return download(DownloadRequest.of(url, target));
    }

    Mono<DownloadResult> download(
            DownloadRequest download, DownloadMeter meter, RetryPolicy policy, AtomicInteger attempts) {
        return pipeline.download(download, meter, policy, attempts);
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
        return batch(requests, DownloadLimits.of(concurrency), policy);
    }

    /**
     * A batch with a progress stream under {@code limits} (downloads at once overall and per host,
     * overall and per-host rates; see {@link DownloadLimits}), each download tried under {@code policy}.
     */
    public DownloadBatch batch(Publisher<DownloadRequest> requests, DownloadLimits limits, RetryPolicy policy) {
        return new DownloadBatch(
                this, requests, Objects.requireNonNull(limits, "limits"), Objects.requireNonNull(policy, "policy"));
    }

    /**
     * Opens a WebSocket session ({@code ws://}, {@code wss://}; libcurl 8.14+) with this client's TLS, proxy,
     * connect timeout and default headers; one session per subscription. See {@link CurlWebSocket}.
     * @throws UnsupportedOperationException the loaded libcurl has no WebSocket support (the message says what to
     * install) */
    public Mono<CurlWebSocket> websocket(WebSocketRequest request) {
        return WebSocketLauncher.open(
                Objects.requireNonNull(request, "request"), config, resources, pool, disposed::get);
    }

    /** {@code websocket(WebSocketRequest.of(uri))}. */
    public Mono<CurlWebSocket> websocket(String uri) {
        return websocket(WebSocketRequest.of(uri));
    }

    /**
     * The client's cookie jar, libcurl's own, shared by its loops (and by copies that share them): read it,
     * seed it, remove from it, load and save it ({@link CurlCookieJar}).
     *
     * @throws IllegalStateException the client was built without {@link Builder#cookies(boolean) cookies(true)}
     */
    public CurlCookieJar cookieJar() {
        if (cookieJar == null) {
            throw new IllegalStateException("this client keeps no cookie jar: build it with cookies(true)"
                    + (config.cookieHandler != null ? " instead of cookieHandler(...)" : ""));
        }
        return cookieJar;
    }

    /** This client's value of {@code setting} (its default unless the builder set it). */
    public <T> T setting(ClientSetting<T> setting) {
        return config.get(setting);
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
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Whether {@link #dispose()}, {@link #close()} or {@link #disposeLater()} ran. */
    @Override
    public boolean isDisposed() {
        return disposed.get();
    }

    /** The same as {@link #dispose()}, for try-with-resources and containers that close beans. */
    @Override
    public void close() {
        dispose();
    }

    /**
     * Builds a {@link CurlClient}. Every setting maps to libcurl options (named in each method). Not
     * thread-safe; {@link #build()} may be called more than once. Values are checked when set: a timeout is
     * {@code null} (none) or 0 to {@code Duration.ofNanos(Long.MAX_VALUE)}; header values may not contain CR,
     * LF, NUL or other control characters but tab, nor be only blanks (libcurl would drop the header); sizes
     * and counts may not be negative. Anything else throws {@link IllegalArgumentException} here. Each
     * setting is defined once in {@link ClientSettings}; the methods live in a package-private superclass.
     */
    public static final class Builder extends CurlClientBuilder {
        private Builder(ClientConfig draft, ClientResources shared) {
            super(draft, shared);
        }
    }
}
