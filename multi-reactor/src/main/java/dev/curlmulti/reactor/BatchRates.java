package dev.curlmulti.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A batch's rate limits: one {@link RateBudget} for the whole batch and one per host
 * ({@link HostKey}), made when a host's first download starts. Hands each download its {@link BatchMeter}. Thread-safe.
 * The budgets' timers run on Reactor's parallel scheduler: a grant only queues resumes to the loops.
 */
final class BatchRates {
    private final Supplier<Scheduler> timer = Schedulers::parallel;
    private final AtomicLong total;
    private final RateBudget overall;
    private final long perHostBytesPerSecond;
    private final Map<String, RateBudget> hosts = new ConcurrentHashMap<>();

    /** @param total the batch's received-bytes counter that every meter adds to */
    BatchRates(DownloadLimits limits, AtomicLong total) {
        this.total = total;
        this.overall = limits.bytesPerSecond() > 0 ? new RateBudget(limits.bytesPerSecond(), timer) : null;
        this.perHostBytesPerSecond = limits.perHostBytesPerSecond();
    }

    /** A new meter for one download; the caller closes it when the download ends. */
    BatchMeter meter(DownloadRequest request) {
        List<RateBudget> budgets = new ArrayList<>(2);
        if (perHostBytesPerSecond > 0) {
            budgets.add(hosts.computeIfAbsent(
                    HostKey.of(request.request().uri()), host -> new RateBudget(perHostBytesPerSecond, timer)));
        }
        if (overall != null) {
            budgets.add(overall);
        }
        return new BatchMeter(total, budgets);
    }

    /** Every budget of the batch (for tests: none has a waiting chunk or a timer once the batch ends). */
    List<RateBudget> budgets() {
        List<RateBudget> all = new ArrayList<>(hosts.values());
        if (overall != null) {
            all.add(overall);
        }
        return all;
    }
}
