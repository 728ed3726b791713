package dev.curlmulti.bench.clients;

import java.nio.file.Path;

/**
 * One HTTP client under measurement, driven by {@link dev.curlmulti.bench.Worker} in its own JVM.
 * Implementations are used from one thread at a time and hold their client open between runs (a
 * warm client is what a service has); {@link #close()} releases it.
 */
public interface BenchClient extends AutoCloseable {

    /**
     * Fetches {@code url} {@code requests} times with {@code concurrency} in flight and returns the
     * body bytes received. Every response must be a 200 and every body read to its end; anything
     * else throws, so a fast failure can never pass for a fast transfer.
     *
     * @param http2 ask for HTTP/2 over TLS (the URL is https and the server certificate is signed
     *              by the CA given at construction)
     */
    long fetch(String url, int requests, int concurrency, boolean http2) throws Exception;

    /**
     * Cleans up after a {@link #fetch}, outside the measured time: the file client deletes the
     * files it wrote (unlinking 2,000 files or a 1 GiB one is the file system's work, not the
     * download's).
     */
    default void afterFetch() throws Exception {}

    /**
     * Starts {@code transfers} GETs of a body the server trickles, and returns once each has received
     * its first body bytes; the transfers stay open until {@link #releaseHeld()}.
     */
    void hold(String url, int transfers) throws Exception;

    /** Cancels the transfers {@link #hold} opened. */
    void releaseHeld() throws Exception;

    @Override
    void close() throws Exception;

    /**
     * The receive buffer {@code bin/bench --receive-buffer=BYTES} asks our clients (and the C
     * program) to use ({@code CURLOPT_BUFFERSIZE}), or 0 for libcurl's default of 16 KiB.
     */
    static int receiveBuffer() {
        return Integer.getInteger(RECEIVE_BUFFER_PROPERTY, 0);
    }

    /** The worker JVM's system property that carries {@link #receiveBuffer()}. */
    String RECEIVE_BUFFER_PROPERTY = "dev.curlmulti.bench.receiveBuffer";

    /** Builds the client named {@code name}; {@code caPem} signs the HTTPS server's certificate. */
    static BenchClient create(String name, Path caPem) throws Exception {
        return switch (name) {
            case "curl-flux" -> new CurlFluxClient(caPem, null);
            case "curl-flux-metrics" -> CurlFluxMetricsClient.create(caPem);
            case "curl-chunks" -> new CurlChunksClient(caPem);
            case "reactor-netty-h3" -> new ReactorNettyHttp3Client(caPem);
            case "curl-flux-h3" ->
                new CurlFluxClient(
                        CurlFluxClient.builder(caPem, null).httpVersion(dev.curlmulti.reactor.HttpVersion.HTTP_3_ONLY));
            case "curl-flux-timings" ->
                new CurlFluxClient(CurlFluxClient.builder(caPem, null).timings(true));
            case "curl-flux-poll" -> new CurlFluxClient(caPem, dev.curlmulti.core.loop.LoopDriverKind.POLL);
            case "curl-flux-socket" -> new CurlFluxClient(caPem, dev.curlmulti.core.loop.LoopDriverKind.SOCKET);
            case "curl-file" -> new CurlFileClient(caPem);
            case "curl-multi" -> new CurlMultiLoopClient(caPem);
            case "reactor-netty" -> {
                Libraries.require(name, "reactor-netty", "1.2.");
                yield new ReactorNettyClient(caPem);
            }
            // The same client code on Reactor Netty 1.3 and Netty 4.2: bin/bench gives its worker that class path.
            case "reactor-netty-1.3" -> {
                Libraries.require(name, "reactor-netty", "1.3.");
                yield new ReactorNettyClient(caPem);
            }
            case "jdk" -> new JdkClient(caPem);
            case "jetty" -> new JettyClient(caPem);
            case "webclient-curl" -> {
                Libraries.require(name, "spring", "6.");
                yield new WebClientCurlClient(caPem);
            }
            case "webclient-netty" -> {
                Libraries.require(name, "spring", "6.");
                Libraries.require(name, "reactor-netty", "1.2.");
                yield new WebClientNettyClient();
            }
            // The same clients on Spring 7 (and Reactor Netty 1.3): their workers' class path is Spring Boot 4's.
            case "webclient-curl-spring7" -> {
                Libraries.require(name, "spring", "7.");
                yield new WebClientCurlClient(caPem);
            }
            case "webclient-netty-spring7" -> {
                Libraries.require(name, "spring", "7.");
                Libraries.require(name, "reactor-netty", "1.3.");
                yield new WebClientNettyClient();
            }
            default -> throw new IllegalArgumentException("unknown client " + name);
        };
    }
}
