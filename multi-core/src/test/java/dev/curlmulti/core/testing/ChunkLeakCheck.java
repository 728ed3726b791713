package dev.curlmulti.core.testing;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The pooled-body leak check of every test suite, as Netty's paranoid leak detector: with
 * {@code -Ddev.curlmulti.leakDetection=on} (the build sets it for tests) every body chunk is tracked,
 * and after each test class the GC is run and any chunk it found unreachable without its
 * {@code release()} fails the class, naming the request and the test it came from. Registered for
 * every module whose tests use this test-jar (JUnit's extension autodetection, switched on in the
 * build); the detector lives in multi-reactor, so it is reached by name, and where it is absent (the
 * core's own tests) this does nothing.
 */
public final class ChunkLeakCheck implements BeforeEachCallback, AfterAllCallback {
    private static final Class<?> LEAKS = find();

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (LEAKS != null) {
            LEAKS.getMethod("context", String.class).invoke(null, context.getUniqueId());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (LEAKS == null || !(boolean) LEAKS.getMethod("enabled").invoke(null)) {
            return;
        }
        collectGarbage();
        Method drain = LEAKS.getMethod("drainLeaks");
        @SuppressWarnings("unchecked")
        List<String> leaks = (List<String>) drain.invoke(null);
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " body chunk(s) never released:\n  " + String.join("\n  ", leaks));
        }
    }

    /**
     * Runs the GC and waits until it has processed references: a sentinel made unreachable
     * before the collection is enqueued by the same processing that enqueues leaked chunks.
     */
    private static void collectGarbage() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        for (int attempt = 0; attempt < 10; attempt++) {
            System.gc();
            if (queue.remove(100) != null) {
                break;
            }
        }
        Thread.sleep(10); // the reference handler enqueues the rest of that collection's references
        sentinel.clear();
    }

    private static Class<?> find() {
        try {
            return Class.forName("dev.curlmulti.reactor.internal.ChunkLeaks");
        } catch (ClassNotFoundException absent) {
            return null;
        }
    }
}
