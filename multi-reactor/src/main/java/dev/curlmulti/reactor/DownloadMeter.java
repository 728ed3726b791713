package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Transfer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where one download's transfers count the bytes they receive, and ask before taking them: a
 * batch's progress and its rate limits. One meter per download; every connection of a segmented
 * download uses it. Called on the loop thread, from the transfer's data callback.
 */
interface DownloadMeter {
    /**
     * Whether {@code transfer} may take {@code bytes} now. False pauses it (the data callback
     * refuses the chunk), and the meter calls {@link Transfer#resume()} once the budget allows, from
     * any thread; the same chunk is then offered again.
     */
    boolean admit(Transfer transfer, int bytes);

    /** Counts {@code bytes} written to the file. */
    void received(int bytes);

    /** A meter that only counts, into {@code total}. */
    static DownloadMeter counting(AtomicLong total) {
        return new DownloadMeter() {
            @Override
            public boolean admit(Transfer transfer, int bytes) {
                return true;
            }

            @Override
            public void received(int bytes) {
                total.addAndGet(bytes);
            }
        };
    }
}
