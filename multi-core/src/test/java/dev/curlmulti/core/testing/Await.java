package dev.curlmulti.core.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition another thread makes true (a count reaching zero, a handle handed back),
 * failing the test with what was awaited when it does not come in time. This is the one way tests
 * poll; a condition that has a signal of its own (a latch, a future, a handler's completion) waits
 * on that instead.
 *
 * <p><b>Threading:</b> the condition is evaluated on the calling thread, every few milliseconds.
 */
public final class Await {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Await() {
    }

    /**
     * Returns once {@code condition} holds; after {@code timeout} throws {@link AssertionError} naming
     * {@code description}.
     */
    public static void until(Duration timeout, BooleanSupplier condition, String description) {
        value(timeout, () -> condition.getAsBoolean(), done -> done, description);
    }

    /**
     * Returns the first value of {@code value} that {@code done} accepts; after {@code timeout} throws
     * {@link AssertionError} naming {@code description} and the last value seen.
     */
    public static <T> T value(Duration timeout, Supplier<T> value, Predicate<? super T> done, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = value.get();
            if (done.test(seen)) {
                return seen;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + description
                        + "; last value: " + seen);
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + description);
            }
        }
    }
}
