package dev.curlmulti.bench.clients;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@link BenchClient#fetch} run of a callback-style peer client (JDK, Jetty): at most
 * {@code concurrency} requests in flight, body bytes counted, the first failure or non-200 kept
 * and rethrown. {@link #acquire} is called by the submitting thread, {@link #finished} from the
 * client's completion callbacks.
 */
final class RequestWindow {
    private final Semaphore window;
    private final CountDownLatch done;
    private final LongAdder bytes = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    RequestWindow(int requests, int concurrency) {
        window = new Semaphore(concurrency);
        done = new CountDownLatch(requests);
    }

    /** Waits for a free slot; false once a request has failed (stop submitting). */
    boolean acquire() throws InterruptedException {
        if (failure.get() != null) {
            return false;
        }
        window.acquire();
        return true;
    }

    /** Where the body bytes are counted. */
    LongAdder bytes() {
        return bytes;
    }

    /** A request ended: with {@code error}, or with {@code status} (anything but 200 fails the run). */
    void finished(Throwable error, int status) {
        if (error != null) {
            failure.compareAndSet(null, error);
        } else if (status != 200) {
            failure.compareAndSet(null, new IllegalStateException("status " + status));
        }
        window.release();
        done.countDown();
    }

    /** Waits for every request and returns the body bytes, or throws the first failure. */
    long await() throws InterruptedException {
        if (failure.get() == null && !done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("requests did not finish in 10 minutes");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a request failed", failure.get());
        }
        return bytes.sum();
    }
}
