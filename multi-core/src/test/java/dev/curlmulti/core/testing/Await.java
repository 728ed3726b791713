package dev.curlmulti.core.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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

    private Await() {}

    /**
     * Returns once {@code condition} holds; after {@code timeout} throws {@link AssertionError} naming
     * {@code description}.
     */
    public static void until(Duration timeout, BooleanSupplier condition, String description) {
        if (!poll(timeout, condition, description)) {
            throw new AssertionError("waited " + timeout.toMillis() + " ms for " + description);
        }
    }

    /**
     * Returns the first value of {@code value} that {@code done} accepts; after {@code timeout} throws
     * {@link AssertionError} naming {@code description} and the last value seen.
     */
    public static <T> T value(Duration timeout, Supplier<T> value, Predicate<? super T> done, String description) {
        AtomicReference<T> seen = new AtomicReference<>();
        BooleanSupplier accepted = () -> {
            T next = value.get();
            seen.set(next);
            return done.test(next);
        };
        if (!poll(timeout, accepted, description)) {
            throw new AssertionError(
                    "waited " + timeout.toMillis() + " ms for " + description + "; last value: " + seen.get());
        }
        return seen.get();
    }

    /** True once {@code condition} holds, false when {@code timeout} passed first. */
    private static boolean poll(Duration timeout, BooleanSupplier condition, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("interrupted while waiting for " + description);
            }
        }
        return true;
    }
}
