package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Transfer;

/**
 * One refused chunk of one transfer, on its way through the budgets that must allow it (its
 * host's, then the batch's), in that order. Each budget either takes the chunk at once or queues
 * the ticket and grants it later; once every budget has, the ticket is ready and the transfer is
 * resumed, and the chunk offered again passes ({@link BatchMeter}).
 *
 * <p>Each budget charges the chunk once: a ticket granted by the host's budget and then queued at
 * the batch's is not charged by the host again. {@link #cleared} moves on one thread at a time
 * (the loop thread that made the ticket, then the timer of the budget that granted it, handed
 * over through that budget's lock).
 */
final class RateTicket {
    private final Transfer transfer;
    private final int bytes;
    private final RateBudget[] budgets;
    /** How many of {@link #budgets} have let the chunk through. */
    private volatile int cleared;

    private volatile boolean ready;
    private volatile boolean dropped;

    RateTicket(Transfer transfer, int bytes, RateBudget[] budgets) {
        this.transfer = transfer;
        this.bytes = bytes;
        this.budgets = budgets;
    }

    int bytes() {
        return bytes;
    }

    /**
     * Asks the budgets not yet cleared, in order, until one queues the ticket.
     *
     * @return true when every budget has let the chunk through
     */
    boolean advance() {
        while (cleared < budgets.length) {
            if (!budgets[cleared].take(this, bytes)) {
                return false;
            }
            cleared++;
        }
        return true;
    }

    /** The budget the ticket waited at has charged it: on to the next, and resume once all have. */
    void granted() {
        cleared++;
        try {
            if (!advance()) {
                return;
            }
        } catch (RuntimeException e) {
            fail(e); // the next budget could not queue it (its timer refused the task)
            return;
        }
        ready = true;
        // A done transfer ignores this (RealTransfer.resume checks), so a race with its end is harmless.
        transfer.resume();
    }

    /** Nothing can resume the transfer: it ends with {@code reason} rather than waiting forever. */
    void fail(Throwable reason) {
        transfer.cancel(reason);
    }

    /** Every budget let the chunk through: the transfer may take it. */
    boolean ready() {
        return ready;
    }

    /** Still worth a grant: its download goes on and the transfer has not ended. */
    boolean live() {
        return !dropped && !transfer.isDone();
    }

    /** Its download ended: leave every queue, so no timer runs for it. */
    void drop() {
        dropped = true;
        for (RateBudget budget : budgets) {
            budget.forget(this);
        }
    }
}
