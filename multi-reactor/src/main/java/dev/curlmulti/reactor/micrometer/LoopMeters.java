package dev.curlmulti.reactor.micrometer;

import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.LoopStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one client's loop threads, tagged {@code client} and {@code loop}; removed from the
 * registry when the loops close, so clients made and disposed over and over leave no meters behind.
 */
final class LoopMeters {
    private final List<Meter> meters = new ArrayList<>();

    LoopMeters(MeterRegistry registry, String client, List<CurlEventLoop> loops) {
        for (CurlEventLoop loop : loops) {
            Tags tags = Tags.of("client", client, "loop", loop.name());
            LoopStats stats = loop.stats();
            meters.add(Gauge.builder("curl.client.loop.transfers.active", loop, CurlEventLoop::inFlight)
                    .description("Transfers submitted to the loop and not finished")
                    .tags(tags)
                    .register(registry));
            meters.add(Gauge.builder("curl.client.loop.submissions.queued", stats, LoopStats::queuedCommands)
                    .description("Commands (starts, cancels, resumes) queued for the loop thread and not yet taken")
                    .tags(tags)
                    .register(registry));
            meters.add(Gauge.builder("curl.client.loop.connections.open", stats, LoopStats::openSockets)
                    .description("Sockets libcurl holds open on the loop: connections, idle or busy, and attempts")
                    .tags(tags)
                    .register(registry));
            meters.add(FunctionCounter.builder(
                            "curl.client.loop.busy.time",
                            stats,
                            s -> s.busyNanos() / (double) TimeUnit.SECONDS.toNanos(1))
                    .description(
                            "Time the loop thread spent working rather than waiting; its rate is the busy fraction")
                    .baseUnit("seconds")
                    .tags(tags)
                    .register(registry));
            meters.add(Gauge.builder("curl.client.loop.utilization", new Utilization(stats), Utilization::sample)
                    .description("Busy fraction of the loop thread since the previous reading (0 to 1)")
                    .strongReference(true)
                    .tags(tags)
                    .register(registry));
        }
    }

    void remove(MeterRegistry registry) {
        for (Meter meter : meters) {
            registry.remove(meter);
        }
        meters.clear();
    }

    /** Busy time over elapsed time between two readings. */
    private static final class Utilization {
        private final LoopStats stats;
        private long lastBusy;
        private long lastAlive;

        Utilization(LoopStats stats) {
            this.stats = stats;
            this.lastBusy = stats.busyNanos();
            this.lastAlive = stats.aliveNanos();
        }

        synchronized double sample() {
            long busy = stats.busyNanos();
            long alive = stats.aliveNanos();
            long elapsed = alive - lastAlive;
            double fraction = elapsed <= 0 ? 0 : Math.min(1, Math.max(0, (busy - lastBusy) / (double) elapsed));
            lastBusy = busy;
            lastAlive = alive;
            return fraction;
        }
    }
}
