package dev.curlmulti.core.testing;

import dev.curlmulti.core.internal.CallbackRegistry;
import dev.curlmulti.core.internal.NativeResources;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test after which any native handle (easy, multi, share, string list, mime) or callback id is
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
        Await.value(
                Duration.ofMillis(quietMillis),
                NoLeakedHandles::alive,
                String::isEmpty,
                "no native object or callback id alive after the test");
    }

    /** What is still alive, or "" when nothing is; when something is, runs a collection for the cleaners. */
    private static String alive() {
        long objects = NativeResources.liveTotal();
        int ids = CallbackRegistry.allocatedCount();
        if (objects == 0 && ids == 0) {
            return "";
        }
        System.gc(); // the cleaners free what the test forgot, once the handles are collected
        return "live native objects: " + objects + " (" + NativeResources.describe() + ")";
    }
}
