package dev.curlmulti.core;

import java.time.Duration;

/** {@code curl_multi_perform} + {@code curl_multi_poll}, woken by {@code curl_multi_wakeup}. */
final class PollDriver implements LoopDriver {
    private final CurlMulti multi;

    PollDriver(CurlMulti multi) {
        this.multi = multi;
    }

    @Override
    public void perform() {
        multi.perform();
    }

    @Override
    public void await(long maxMillis) {
        multi.poll(Duration.ofMillis(maxMillis));
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
