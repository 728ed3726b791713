package dev.curlmulti.reactor.micrometer;

import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.TransferResult;
import dev.curlmulti.core.loop.TransferTimings;
import dev.curlmulti.reactor.CurlRequest;
import dev.curlmulti.reactor.RequestObserver;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.util.context.ContextView;

/**
 * Micrometer meters for a {@code CurlClient}, from libcurl's own measurements:
 * {@code CurlClient.builder().observe(CurlClientMetrics.of(registry))}. The guide's observability page
 * ({@code docs/observability.md}) lists every meter.
 *
 * <p>Per request, at its end: the timer {@code curl.client.requests} (tags {@code method},
 * {@code status}, {@code outcome}, {@code host}, {@code uri}, {@code exception}; libcurl's total
 * time), the distribution summaries {@code curl.client.data.received} and {@code .data.sent}
 * (bytes), the timer {@code curl.client.first.byte.time}, and, when the request opened a
 * connection, {@code curl.client.dns.time}, {@code .connect.time} and {@code .tls.handshake.time}.
 * Per loop thread (tags {@code client}, {@code loop}; removed when the client is disposed):
 * {@code curl.client.loop.transfers.active}, {@code .submissions.queued}, {@code .connections.open},
 * {@code .busy.time}, {@code .utilization}. Per host, named and tagged as Reactor Netty's pool meters
 * (tags {@code id}, {@code name}, {@code remote.address}; removed with the loop meters):
 * {@code reactor.netty.connection.provider.total.connections}, {@code .active.connections},
 * {@code .idle.connections}, {@code .pending.connections}, {@code .max.connections} (with a limit)
 * and the timer {@code .pending.connections.time} (tag {@code status}).
 *
 * <p>Tag values are bounded: {@code uri} is {@code none} unless a {@link #uriTemplate} turns
 * URIs into low-cardinality templates; {@code uri} and {@code host} keep at most
 * {@link #maxTagValues} distinct values each, later ones become {@code other}.
 *
 * <p><b>Threading:</b> immutable and thread-safe; one instance may serve several clients.
 * Recording costs a map lookup and a few atomic adds per request, on the loop thread.
 */
public final class CurlClientMetrics implements RequestObserver {
    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final Function<String, String> uriTemplate;
    private final int maxTagValues;
    private final BoundedTagValues hosts;
    private final BoundedTagValues uris;
    /** Per tag combination the request timer and its exchange's meters: one lookup per request. */
    private final Map<RequestKey, RequestMeters> requestMeters = new ConcurrentHashMap<>();

    private final Map<ExchangeKey, ExchangeMeters> exchangeMeters = new ConcurrentHashMap<>();
    private final Map<String, ConnectionTimers> connectionTimers = new ConcurrentHashMap<>();
    private final Map<List<CurlEventLoop>, LoopMeters> loopMeters = new ConcurrentHashMap<>();
    private final Map<List<CurlEventLoop>, PoolMeters> poolMeters = new ConcurrentHashMap<>();

    private CurlClientMetrics(MeterRegistry registry, Function<String, String> uriTemplate, int maxTagValues) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.uriTemplate = uriTemplate;
        this.maxTagValues = maxTagValues;
        this.hosts = new BoundedTagValues(maxTagValues);
        this.uris = new BoundedTagValues(maxTagValues);
    }

    /** Meters in {@code registry}: no {@code uri} tag values, at most 100 hosts. */
    public static CurlClientMetrics of(MeterRegistry registry) {
        return new CurlClientMetrics(registry, null, 100);
    }

    /**
     * These metrics with {@code template} turning a request's URI into its {@code uri} tag, for
     * example {@code uri -> uri.replaceAll("/users/\\d+", "/users/{id}")}; it must give a few
     * distinct values, not one per request.
     */
    public CurlClientMetrics uriTemplate(Function<String, String> template) {
        return new CurlClientMetrics(registry, Objects.requireNonNull(template, "template"), maxTagValues);
    }

    /**
     * These metrics with at most {@code limit} distinct {@code host}, {@code uri} and
     * {@code remote.address} values each (default 100).
     */
    public CurlClientMetrics maxTagValues(int limit) {
        return new CurlClientMetrics(registry, uriTemplate, limit);
    }

    @Override
    public Recording start(CurlRequest request, ContextView context) {
        String uri = uriTemplate == null ? NONE : uris.bound(String.valueOf(uriTemplate.apply(request.uri())));
        return new RequestRecording(request.method(), hosts.bound(request.host()), uri, System.nanoTime());
    }

    @Override
    public void loopsStarted(String client, List<CurlEventLoop> loops) {
        loopMeters.computeIfAbsent(loops, l -> new LoopMeters(registry, client, l));
        poolMeters.computeIfAbsent(loops, l -> new PoolMeters(registry, client, l, maxTagValues));
    }

    @Override
    public void loopsClosed(String client, List<CurlEventLoop> loops) {
        LoopMeters meters = loopMeters.remove(loops);
        if (meters != null) {
            meters.remove(registry);
        }
        PoolMeters pool = poolMeters.remove(loops);
        if (pool != null) {
            pool.remove(loops);
        }
    }

    private record RequestKey(String method, int status, String host, String uri, String exception) {}

    private record ExchangeKey(String method, String host, String uri) {}

    private record ExchangeMeters(DistributionSummary received, DistributionSummary sent, Timer firstByte) {}

    private record ConnectionTimers(Timer dns, Timer connect, Timer tls) {}

    private record RequestMeters(Timer requests, ExchangeMeters exchange) {}

    private final class RequestRecording implements Recording {
        private final String method;
        private final String host;
        private final String uri;
        private final long startNanos;

        RequestRecording(String method, String host, String uri, long startNanos) {
            this.method = method;
            this.host = host;
            this.uri = uri;
            this.startNanos = startNanos;
        }

        @Override
        public void end(int status, TransferResult facts, Throwable error) {
            TransferTimings timings = facts == null ? TransferTimings.NONE : facts.timings();
            long nanos = timings != TransferTimings.NONE
                    ? TimeUnit.MICROSECONDS.toNanos(timings.total())
                    : System.nanoTime() - startNanos;
            String exception = error == null ? NONE : error.getClass().getSimpleName();
            RequestMeters meters = requestMeters.computeIfAbsent(
                    new RequestKey(method, status, host, uri, exception),
                    key -> new RequestMeters(
                            requestTimer(key),
                            exchangeMeters.computeIfAbsent(
                                    new ExchangeKey(key.method(), key.host(), key.uri()), this::exchangeMeters)));
            meters.requests().record(nanos, TimeUnit.NANOSECONDS);
            if (facts == null) {
                return;
            }
            ExchangeMeters exchange = meters.exchange();
            exchange.received().record(facts.bytesDownloaded());
            exchange.sent().record(facts.bytesUploaded());
            if (timings == TransferTimings.NONE) {
                return;
            }
            exchange.firstByte().record(timings.startTransfer(), TimeUnit.MICROSECONDS);
            if (facts.newConnections() > 0) {
                ConnectionTimers connection = connectionTimers.computeIfAbsent(host, this::connectionTimers);
                connection.dns().record(timings.nameLookup(), TimeUnit.MICROSECONDS);
                connection
                        .connect()
                        .record(Math.max(0, timings.connect() - timings.nameLookup()), TimeUnit.MICROSECONDS);
                if (timings.appConnect() > 0) {
                    connection
                            .tls()
                            .record(Math.max(0, timings.appConnect() - timings.connect()), TimeUnit.MICROSECONDS);
                }
            }
        }

        private Timer requestTimer(RequestKey key) {
            return Timer.builder("curl.client.requests")
                    .description("Requests from start to the end of the response body (libcurl's total time)")
                    .tag("method", key.method())
                    .tag("status", key.status() > 0 ? Integer.toString(key.status()) : "CLIENT_ERROR")
                    .tag("outcome", Outcome.forStatus(key.status()).name())
                    .tag("host", key.host())
                    .tag("uri", key.uri())
                    .tag("exception", key.exception())
                    .register(registry);
        }

        private ExchangeMeters exchangeMeters(ExchangeKey key) {
            return new ExchangeMeters(
                    DistributionSummary.builder("curl.client.data.received")
                            .description("Response body bytes (decoded)")
                            .baseUnit("bytes")
                            .tag("method", key.method())
                            .tag("host", key.host())
                            .tag("uri", key.uri())
                            .register(registry),
                    DistributionSummary.builder("curl.client.data.sent")
                            .description("Request body bytes")
                            .baseUnit("bytes")
                            .tag("method", key.method())
                            .tag("host", key.host())
                            .tag("uri", key.uri())
                            .register(registry),
                    Timer.builder("curl.client.first.byte.time")
                            .description("From the start of the request to the first response byte")
                            .tag("method", key.method())
                            .tag("host", key.host())
                            .tag("uri", key.uri())
                            .register(registry));
        }

        private ConnectionTimers connectionTimers(String host) {
            return new ConnectionTimers(
                    Timer.builder("curl.client.dns.time")
                            .description("Name resolution for a new connection")
                            .tag("host", host)
                            .register(registry),
                    Timer.builder("curl.client.connect.time")
                            .description("TCP connect for a new connection, after resolution")
                            .tag("host", host)
                            .register(registry),
                    Timer.builder("curl.client.tls.handshake.time")
                            .description("TLS handshake for a new connection")
                            .tag("host", host)
                            .register(registry));
        }
    }
}
