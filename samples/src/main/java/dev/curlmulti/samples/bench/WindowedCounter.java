package dev.curlmulti.samples.bench;

import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferResult;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measurement programs' handler: takes every chunk, counts bytes and failures, and on its
 * terminal call frees a slot of the in-flight window and counts the transfer done. One instance
 * per transfer; the counters are shared.
 */
public final class WindowedCounter implements TransferHandler {
    private final Semaphore window;
    private final CountDownLatch done;
    private final AtomicLong bytes;
    private final AtomicLong failures;
    private final boolean timings;

    public WindowedCounter(
            Semaphore window, CountDownLatch done, AtomicLong bytes, AtomicLong failures, boolean timings) {
        this.window = window;
        this.done = done;
        this.bytes = bytes;
        this.failures = failures;
        this.timings = timings;
    }

    @Override
    public boolean onData(ByteBuffer chunk) {
        bytes.addAndGet(chunk.remaining());
        return true;
    }

    @Override
    public void onComplete(TransferResult result) {
        window.release();
        done.countDown();
    }

    @Override
    public void onError(Throwable error) {
        failures.incrementAndGet();
        window.release();
        done.countDown();
    }

    @Override
    public boolean wantsTimings() {
        return timings;
    }
}
