package dev.curlmulti.bench.clients;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Counts held transfers to their first body bytes and keeps the first failure among them. */
final class HeldTransfers {
    private final CountDownLatch firstBytes;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    HeldTransfers(int transfers) {
        firstBytes = new CountDownLatch(transfers);
    }

    void started() {
        firstBytes.countDown();
    }

    void failed(Throwable error) {
        failure.compareAndSet(null, error);
    }

    /** Waits until every transfer has bytes, failing on the first error or after three minutes. */
    void awaitAllStarted() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!firstBytes.await(100, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                throw new IllegalStateException("a held transfer failed", failure.get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(firstBytes.getCount() + " transfers had no bytes after 3 minutes");
            }
        }
    }

    boolean hasFailed() {
        return failure.get() != null;
    }
}
