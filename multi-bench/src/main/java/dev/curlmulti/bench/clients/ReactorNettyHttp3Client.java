package dev.curlmulti.bench.clients;

import java.nio.file.Path;
import java.time.Duration;
import reactor.netty.http.Http3SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/**
 * Reactor Netty's {@code HttpClient} over HTTP/3 ({@code HttpProtocol.HTTP3}, Netty's incubator QUIC
 * and HTTP/3 codecs with their native QUIC library), trusting the benchmark server's CA, with QUIC
 * flow-control windows and stream limits large enough that the benchmark's concurrency bounds it.
 */
final class ReactorNettyHttp3Client implements BenchClient {
    private final HttpClient client;

    ReactorNettyHttp3Client(Path caPem) {
        client = HttpClient.create()
                .protocol(HttpProtocol.HTTP3)
                .secure(spec -> spec.sslContext(
                        Http3SslContextSpec.forClient().configure(builder -> builder.trustManager(caPem.toFile()))))
                .http3Settings(spec -> spec.idleTimeout(Duration.ofSeconds(30))
                        .maxData(64L << 20)
                        .maxStreamDataBidirectionalLocal(4L << 20)
                        .maxStreamDataBidirectionalRemote(4L << 20)
                        .maxStreamsBidirectional(1000));
    }

    @Override
    public long fetch(String url, int requests, int concurrency, boolean useHttp2) {
        return ReactorNettyClient.fetch(client, url, requests, concurrency);
    }

    @Override
    public void hold(String url, int transfers) {
        throw new UnsupportedOperationException("reactor-netty-h3 runs only workload (e) over HTTP/3");
    }

    @Override
    public void releaseHeld() {
        // hold is not supported
    }

    @Override
    public void close() {
        // HttpClient.create() uses the global resources, released when the JVM exits
    }
}
