package dev.curlmulti.bench.clients;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty 12's {@code HttpClient}: HTTP/1.1 transport, and the HTTP/2 transport over TLS for (e);
 * bodies counted in a content listener; the per-destination limits raised so that the benchmark's
 * concurrency, not Jetty's default of 64 connections, bounds it.
 */
final class JettyClient implements BenchClient {
    private final HttpClient http1;
    private final HttpClient http2;
    private final List<Request> held = new ArrayList<>();

    JettyClient(Path caPem) throws Exception {
        http1 = configure(new HttpClient(new HttpClientTransportOverHTTP()));
        http1.start();
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setTrustStore(Trust.keyStore(caPem));
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        http2 = configure(new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client(connector))));
        http2.start();
    }

    private static HttpClient configure(HttpClient client) {
        client.setMaxConnectionsPerDestination(20_000);
        client.setMaxRequestsQueuedPerDestination(100_000);
        client.setFollowRedirects(false);
        return client;
    }

    @Override
    public long fetch(String url, int requests, int concurrency, boolean useHttp2) throws Exception {
        HttpClient client = useHttp2 ? http2 : http1;
        RequestWindow run = new RequestWindow(requests, concurrency);
        for (int i = 0; i < requests && run.acquire(); i++) {
            client.newRequest(url)
                    .onResponseContent((response, content) -> run.bytes().add(content.remaining()))
                    .send(result -> run.finished(
                            result.getFailure(),
                            result.getResponse() == null
                                    ? 0
                                    : result.getResponse().getStatus()));
        }
        return run.await();
    }

    @Override
    public void hold(String url, int transfers) throws Exception {
        HeldTransfers state = new HeldTransfers(transfers);
        for (int i = 0; i < transfers; i++) {
            boolean[] first = {true};
            Request request = http1.newRequest(url)
                    .idleTimeout(10, TimeUnit.MINUTES)
                    .timeout(30, TimeUnit.MINUTES)
                    .onResponseContent((response, content) -> {
                        if (first[0]) {
                            first[0] = false;
                            state.started();
                        }
                    });
            held.add(request);
            request.send(result -> {
                if (result.isFailed() && !state.hasFailed()) {
                    state.failed(result.getFailure());
                }
            });
        }
        state.awaitAllStarted();
    }

    @Override
    public void releaseHeld() {
        for (Request request : held) {
            request.abort(new java.util.concurrent.CancellationException("benchmark over"));
        }
        held.clear();
    }

    @Override
    public void close() throws Exception {
        releaseHeld();
        http2.stop();
        http1.stop();
    }
}
