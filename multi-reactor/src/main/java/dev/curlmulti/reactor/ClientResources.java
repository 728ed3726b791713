package dev.curlmulti.reactor;

import dev.curlmulti.core.CurlLockData;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.CurlEventLoopGroup;
import dev.curlmulti.core.loop.LoopConfig;
import dev.curlmulti.core.loop.TransferHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loops a client runs on, shared (reference counted) by a client and the copies made with
 * {@link CurlClient#mutate()} that keep the same loop settings. The last one to be disposed
 * closes the loops.
 */
final class ClientResources {
    private static final AtomicInteger NAMES = new AtomicInteger();

    final ClientConfig.LoopShape shape;
    final CurlEventLoopGroup group;
    /** The loop threads' name prefix, also the client's name for observers. */
    final String name;

    private final AtomicInteger users = new AtomicInteger(1);
    private final OriginLoops origins = new OriginLoops();

    ClientResources(ClientConfig.LoopShape shape) {
        this.shape = shape;
        LoopConfig loopConfig = LoopConfig.DEFAULT
                .withMaxTotalConnections(shape.maxConnections())
                .withMaxHostConnections(shape.maxConnectionsPerHost())
                .withMaxConcurrentStreams(shape.maxConcurrentStreams())
                .withDriver(shape.driver())
                .withAccounting(!shape.observers().isEmpty())
                .withCloseIdleConnectionsAfter(shape.closeIdleConnectionsAfter());
        name = "curl-client-" + NAMES.incrementAndGet();
        group = new CurlEventLoopGroup(shape.loops(), loopConfig, name);
        if (shape.cookies()) {
            group.share().share(CurlLockData.COOKIE);
        }
        List<CurlEventLoop> loops = group.loops();
        for (RequestObserver observer : shape.observers()) {
            ObserverCalls.safely(() -> observer.loopsStarted(name, loops));
        }
    }

    /**
     * The loop for {@code request}. With one loop, that one. With a per-host connection limit,
     * always the same loop for a host, so the limit holds exactly (libcurl counts it per multi
     * handle). Otherwise the loop of the request's origin, where its idle connections wait, unless
     * that loop is busy ({@link OriginLoops}): one busy host's traffic still spreads over every
     * loop and core, and the loops share DNS answers and TLS sessions. A loop that failed is
     * replaced first (observers hear of the new loops).
     */
    CurlEventLoop loopFor(CurlRequest request) {
        return loopFor(request.uri(), request.origin());
    }

    /** The loop for a WebSocket session or another request to {@code uri} ({@link #loopFor(CurlRequest)}). */
    CurlEventLoop loopFor(String uri) {
        return loopFor(uri, UriScan.origin(uri));
    }

    private CurlEventLoop loopFor(String uri, String origin) {
        CurlEventLoop chosen = choose(uri, origin);
        return chosen.failed() ? replace(chosen) : chosen;
    }

    /**
     * {@code handler} as it is, or wrapped to learn from the request's first response whether its
     * origin multiplexes (then fewer loops share its one connection).
     */
    TransferHandler learning(CurlRequest request, TransferHandler handler) {
        return group.loops().size() == 1 || shape.maxConnectionsPerHost() > 0
                ? handler
                : origins.learning(request.origin(), handler);
    }

    private CurlEventLoop replace(CurlEventLoop failed) {
        List<CurlEventLoop> before = group.loops();
        CurlEventLoop replacement = group.replaceIfFailed(failed);
        List<CurlEventLoop> after = group.loops();
        if (after != before) {
            for (RequestObserver observer : shape.observers()) {
                ObserverCalls.safely(() -> observer.loopsClosed(name, before));
                ObserverCalls.safely(() -> observer.loopsStarted(name, after));
            }
        }
        return replacement;
    }

    private CurlEventLoop choose(String uri, String origin) {
        List<CurlEventLoop> loops = group.loops();
        if (loops.size() == 1) {
            return loops.get(0);
        }
        if (shape.maxConnectionsPerHost() > 0) {
            return group.loopFor(UriScan.host(uri));
        }
        return origins.choose(loops, origin);
    }

    /** Another client uses these loops; false when they are already closed. */
    boolean retain() {
        while (true) {
            int current = users.get();
            if (current == 0) {
                return false;
            }
            if (users.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release(Duration grace) {
        if (users.decrementAndGet() == 0) {
            List<CurlEventLoop> loops = group.loops();
            for (RequestObserver observer : shape.observers()) {
                ObserverCalls.safely(() -> observer.loopsClosed(name, loops));
            }
            if (grace == null) {
                group.close();
            } else {
                group.closeGracefully(grace);
            }
        }
    }
}
