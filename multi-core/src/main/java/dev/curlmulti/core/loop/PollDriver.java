package dev.curlmulti.core.loop;

import dev.curlmulti.core.internal.MultiHandle;

/** {@code curl_multi_perform} + {@code curl_multi_poll}, woken by {@code curl_multi_wakeup}. */
final class PollDriver implements LoopDriver {
    private final MultiHandle multi;

    PollDriver(MultiHandle multi) {
        this.multi = multi;
    }

    @Override
    public void perform() {
        multi.perform();
    }

    @Override
    public void await(long maxMillis) {
        multi.poll((int) Math.min(Integer.MAX_VALUE, Math.max(0, maxMillis)));
    }

    @Override
    public void wakeup() {
        try {
            multi.wakeup();
        } catch (IllegalStateException closed) {
            // the loop has ended; nobody waits any more
        }
    }

    @Override
    public void close() {
    }
}
