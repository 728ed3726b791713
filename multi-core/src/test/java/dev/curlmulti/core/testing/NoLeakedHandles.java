package dev.curlmulti.core.testing;

import dev.curlmulti.core.internal.CallbackRegistry;
import dev.curlmulti.core.internal.NativeResources;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails a test after which any native handle (easy, multi, share, string list) or callback id is
 * still alive: the live counters must be back to 0. Handles the test forgot are given a few garbage collections to be
 * freed by their cleaners; anything still alive after that is a leak. Use with
 * {@code @ExtendWith(NoLeakedHandles.class)}; later modules reuse it from the test-jar.
 */
public final class NoLeakedHandles implements AfterEachCallback {
    private final long quietMillis;

    /** The check {@code @ExtendWith} applies: up to 10 s for cleaners to free what a test forgot. */
    public NoLeakedHandles() {
        this(10_000);
    }

    /**
     * A check that gives cleaners at most {@code quietMillis}: for a test that makes the check fail
     * on purpose (a clean state passes at once whatever the wait).
     */
    public NoLeakedHandles(long quietMillis) {
        this.quietMillis = quietMillis;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        awaitQuiet(quietMillis);
        assertThat(NativeResources.liveTotal())
                .as("live native objects after the test (%s)", NativeResources.describe())
                .isZero();
        assertThat(CallbackRegistry.allocatedCount()).as("callback ids after the test").isZero();
    }

    private static void awaitQuiet(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (NativeResources.liveTotal() > 0 || CallbackRegistry.allocatedCount() > 0) {
            if (System.nanoTime() > deadline) {
                return;
            }
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
