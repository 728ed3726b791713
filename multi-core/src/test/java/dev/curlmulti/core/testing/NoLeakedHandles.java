package dev.curlmulti.core.testing;

import dev.curlmulti.core.internal.jna.CallbackRegistry;
import dev.curlmulti.core.internal.jna.NativeResources;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails a test that leaves a native handle (easy, multi, share, string list) or a callback id
 * behind. Handles the test forgot are given a few garbage collections to be freed by their
 * cleaners; anything still alive after that is a leak. Use with
 * {@code @ExtendWith(NoLeakedHandles.class)}; later modules reuse it from the test-jar.
 */
public final class NoLeakedHandles implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoLeakedHandles.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        awaitQuiet(2_000);
        context.getStore(NS).put("native", NativeResources.liveTotal());
        context.getStore(NS).put("ids", CallbackRegistry.allocatedCount());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long nativeBefore = context.getStore(NS).get("native", Long.class);
        int idsBefore = context.getStore(NS).get("ids", Integer.class);
        awaitQuiet(10_000, nativeBefore, idsBefore);
        assertThat(NativeResources.liveTotal())
                .as("live native objects after the test (%s)", NativeResources.describe())
                .isEqualTo(nativeBefore);
        assertThat(CallbackRegistry.allocatedCount()).as("callback ids after the test").isEqualTo(idsBefore);
    }

    private static void awaitQuiet(long millis) {
        awaitQuiet(millis, 0, 0);
    }

    private static void awaitQuiet(long millis, long nativeTarget, int idsTarget) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (NativeResources.liveTotal() > nativeTarget || CallbackRegistry.allocatedCount() > idsTarget) {
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
