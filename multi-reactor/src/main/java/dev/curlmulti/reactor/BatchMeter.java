package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Transfer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One download's meter in a {@link DownloadBatch}: counts into the batch's byte total and asks the
 * rate budgets that apply to it (its host's, the batch's) before each chunk. A chunk they do not
 * allow now pauses its transfer; the budgets resume it when they grant the chunk, and the same
 * chunk offered again passes. Every transfer of the download (each attempt, each segment) uses
 * this meter; each has at most one chunk waiting.
 *
 * <p>Thread-safe: {@link #admit} runs on loop threads, {@link #close()} on whichever thread ends the
 * download. Closed when the download ends (after its last attempt), which takes its waiting chunks
 * out of the budgets' queues, so a cancelled download leaves no timer task and no resume behind.
 */
final class BatchMeter implements DownloadMeter, AutoCloseable {
    private final AtomicLong total;
    private final RateBudget[] budgets;
    private final Map<Transfer, RateTicket> waiting = new HashMap<>();
    private boolean closed;

    /** @param budgets the budgets every chunk must pass, in the order asked (host first); none for no limit */
    BatchMeter(AtomicLong total, List<RateBudget> budgets) {
        this.total = total;
        this.budgets = budgets.toArray(RateBudget[]::new);
    }

    @Override
    public boolean admit(Transfer transfer, int bytes) {
        if (budgets.length == 0) {
            return true;
        }
        synchronized (this) {
            RateTicket ticket = waiting.get(transfer);
            if (ticket != null) {
                if (!ticket.ready()) {
                    return false; // offered again before its grant: stay paused, the grant resumes it
                }
                waiting.remove(transfer);
                if (bytes > ticket.bytes()) {
                    for (RateBudget budget : budgets) {
                        budget.charge(bytes - ticket.bytes());
                    }
                }
                return true;
            }
            if (closed) {
                return true; // the download has ended; nothing would resume a pause now
            }
            ticket = new RateTicket(transfer, bytes, budgets);
            // In the map before any budget can grant it, so the resumed offer finds it ready.
            waiting.put(transfer, ticket);
            if (ticket.advance()) {
                waiting.remove(transfer);
                return true;
            }
            return false;
        }
    }

    @Override
    public void received(int bytes) {
        total.addAndGet(bytes);
    }

    /** The download ended: its waiting chunks leave the budgets' queues. Idempotent. */
    @Override
    public void close() {
        List<RateTicket> dropped;
        synchronized (this) {
            closed = true;
            dropped = new ArrayList<>(waiting.values());
            waiting.clear();
        }
        for (RateTicket ticket : dropped) {
            ticket.drop();
        }
    }
}
