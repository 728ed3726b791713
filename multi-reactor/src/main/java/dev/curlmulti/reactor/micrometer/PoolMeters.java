package dev.curlmulti.reactor.micrometer;

import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.HostConnections;
import dev.curlmulti.core.loop.HostCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * One client's connection-pool meters per host, named and tagged as Reactor Netty's
 * ({@code reactor.netty.connection.provider.*}, tags {@code id}, {@code name}, {@code remote.address}),
 * so dashboards made for it show this client too. The figures are the loops' {@link HostCounts},
 * summed over the client's loops (a host may have connections on several); the gauges read them
 * without a lock. Hosts beyond the tag limit share the {@code remote.address} value {@code other}.
 * Removed from the registry, with every timer, when the loops close.
 *
 * <p><b>Threading:</b> made and removed on the thread that starts or closes the loops; the
 * {@link HostConnections.Watcher} calls run on the loop threads.
 */
final class PoolMeters implements HostConnections.Watcher {
    static final String PREFIX = "reactor.netty.connection.provider";

    private final MeterRegistry registry;
    private final String client;
    private final BoundedTagValues addresses;
    /** The most connections one host may have over the client's loops, or 0 with no limit. */
    private final int maxConnections;

    private final Map<String, HostMeters> byAddress = new ConcurrentHashMap<>();
    private volatile boolean removed;

    PoolMeters(MeterRegistry registry, String client, List<CurlEventLoop> loops, int maxTagValues) {
        this.registry = registry;
        this.client = client;
        this.addresses = new BoundedTagValues(maxTagValues);
        HostConnections first = loops.get(0).stats().hosts();
        this.maxConnections = first.maxHostConnections() > 0
                ? first.maxHostConnections()
                : first.maxTotalConnections() * loops.size();
        for (CurlEventLoop loop : loops) {
            loop.stats().hosts().watch(this);
        }
    }

    @Override
    public void hostSeen(HostCounts counts) {
        if (removed) {
            return;
        }
        HostMeters meters = byAddress.computeIfAbsent(addresses.bound(counts.host()), HostMeters::new);
        meters.counts.removeIf(HostCounts::retired);
        meters.counts.add(counts);
        counts.attach(meters);
    }

    @Override
    public void pendingEnded(HostCounts counts, long nanos, boolean connected) {
        if (counts.attachment() instanceof HostMeters meters && !removed) {
            (connected ? meters.pendingSuccess : meters.pendingError).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops watching the loops and removes every meter. */
    void remove(List<CurlEventLoop> loops) {
        removed = true;
        for (CurlEventLoop loop : loops) {
            loop.stats().hosts().watch(null);
        }
        for (HostMeters meters : byAddress.values()) {
            meters.meters.forEach(registry::remove);
        }
        byAddress.clear();
    }

    /** The meters of one {@code remote.address} value, and the counts (per loop, per host) they sum. */
    private final class HostMeters {
        final List<HostCounts> counts = new CopyOnWriteArrayList<>();
        final List<Meter> meters = new CopyOnWriteArrayList<>();
        final Timer pendingSuccess;
        final Timer pendingError;

        HostMeters(String address) {
            Tags tags = Tags.of("id", client, "name", client, "remote.address", address);
            gauge("total.connections", "Connections open, active or idle", tags, HostCounts::total);
            gauge("active.connections", "Connections carrying at least one request", tags, HostCounts::active);
            gauge("idle.connections", "Open connections carrying no request", tags, HostCounts::idle);
            gauge("pending.connections", "Requests waiting for a connection", tags, HostCounts::pending);
            if (maxConnections > 0) {
                meters.add(Gauge.builder(PREFIX + ".max.connections", () -> maxConnections)
                        .description("The most connections the client opens to the host")
                        .tags(tags)
                        .register(registry));
            }
            pendingSuccess = pendingTimer(tags, "SUCCESS");
            pendingError = pendingTimer(tags, "ERROR");
        }

        private void gauge(String name, String description, Tags tags, ToIntFunction<HostCounts> figure) {
            meters.add(Gauge.builder(PREFIX + "." + name, counts, all -> sum(all, figure))
                    .description(description)
                    .tags(tags)
                    .strongReference(true)
                    .register(registry));
        }

        private Timer pendingTimer(Tags tags, String status) {
            Timer timer = Timer.builder(PREFIX + ".pending.connections.time")
                    .description("Time requests waited for a connection (status ERROR: they ended without one)")
                    .tags(tags)
                    .tag("status", status)
                    .register(registry);
            meters.add(timer);
            return timer;
        }
    }

    private static double sum(List<HostCounts> all, ToIntFunction<HostCounts> figure) {
        int sum = 0;
        for (HostCounts counts : all) {
            sum += figure.applyAsInt(counts);
        }
        return sum;
    }
}
