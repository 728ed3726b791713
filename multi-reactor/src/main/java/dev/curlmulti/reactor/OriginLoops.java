package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferHead;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which loop a request goes to when a client has several: the loop of the request's origin
 * (scheme, host and port) unless that loop is busy. Each loop is its own multi handle with its own
 * connection pool, so the origin's loop is where its idle keep-alive connections, or its one
 * multiplexed HTTP/2 or HTTP/3 connection, wait: a sequential caller reuses one connection as it
 * would with Reactor Netty or the JDK client, instead of paying a handshake on every loop.
 *
 * <p>Busy means: on HTTP/1.1, any transfer in flight on the origin's loop (a second request needs a
 * second connection anyway, so it might as well run on another core); on a multiplexed origin,
 * {@value #MULTIPLEXED_BUSY} transfers in flight (one connection carries the streams until one loop
 * has that much work). A busy origin loop gives the request to the loop with the fewest transfers
 * in flight, if that one has fewer; so a burst still spreads over every loop and core. An origin
 * counts as multiplexed from its first response on HTTP/2 or HTTP/3; before it, when its scheme is
 * {@code https} (libcurl asks for HTTP/2 there by default and waits for the answer, PIPEWAIT).
 *
 * <p>At most {@value #MAX_ORIGINS} origins are remembered (a bulk download over many hosts forgets
 * them all at once when the table is full, and starts again). Thread-safe.
 */
final class OriginLoops {
    static final int MULTIPLEXED_BUSY = 32;
    static final int MAX_ORIGINS = 4096;

    private final ConcurrentHashMap<String, Home> homes = new ConcurrentHashMap<>();
    private final AtomicInteger nextLoop = new AtomicInteger();

    /** An origin's loop, and whether the origin multiplexes (learned from its responses). */
    static final class Home {
        final CurlEventLoop loop;
        volatile boolean multiplexed;
        volatile boolean learned;

        Home(CurlEventLoop loop, boolean multiplexed) {
            this.loop = loop;
            this.multiplexed = multiplexed;
        }
    }

    /** The loop for a request to {@code origin} ({@link UriScan#origin}), from {@code loops} (more than one). */
    CurlEventLoop choose(List<CurlEventLoop> loops, String origin) {
        Home home = homes.get(origin);
        if (home != null && !home.loop.failed() && loops.contains(home.loop)) {
            int load = home.loop.inFlight();
            if (load < (home.multiplexed ? MULTIPLEXED_BUSY : 1)) {
                return home.loop;
            }
            CurlEventLoop least = leastLoaded(loops);
            return least.inFlight() < load ? least : home.loop;
        }
        CurlEventLoop chosen = leastLoaded(loops);
        if (homes.size() >= MAX_ORIGINS) {
            homes.clear();
        }
        homes.putIfAbsent(origin, new Home(chosen, origin.startsWith("https:")));
        return chosen;
    }

    /**
     * {@code handler}, or, while {@code origin} has not answered yet, {@code handler} wrapped to
     * learn from the first head whether the origin multiplexes.
     */
    TransferHandler learning(String origin, TransferHandler handler) {
        Home home = homes.get(origin);
        if (home == null || home.learned) {
            return handler;
        }
        return new ForwardingTransferHandler(handler) {
            @Override
            public void onHead(TransferHead head) {
                String version = head.httpVersion();
                if (version.startsWith("HTTP/")) {
                    home.multiplexed = version.equals("HTTP/2") || version.equals("HTTP/3");
                    home.learned = true;
                }
                inner.onHead(head);
            }
        };
    }

    /** The least busy loop; ties are taken in turn, so idle loops share new origins. */
    private CurlEventLoop leastLoaded(List<CurlEventLoop> loops) {
        int count = loops.size();
        int start = Math.floorMod(nextLoop.getAndIncrement(), count);
        CurlEventLoop best = loops.get(start);
        for (int i = 1; i < count && best.inFlight() > 0; i++) {
            CurlEventLoop candidate = loops.get((start + i) % count);
            if (candidate.inFlight() < best.inFlight()) {
                best = candidate;
            }
        }
        return best;
    }
}
