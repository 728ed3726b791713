package dev.curlmulti.reactor.internal;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leak detector of body chunks, in the manner of Netty's: with
 * {@code -Ddev.curlmulti.leakDetection=on} every chunk is tracked by a phantom reference, and one the
 * GC finds unreachable without its {@code release()} is a leak: logged as an error naming the request
 * it came from, and kept (the first {@value #MAX_KEPT}) for {@link #drainLeaks()} (the test suites
 * fail on any). Off by default: a leaked chunk is ordinary heap the GC takes, so the check is for
 * finding code that loses the pooling. Only pooled chunks are tracked (those under 8 KiB and those
 * queued without demand have arrays of their own). Not API.
 */
public final class ChunkLeaks {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkLeaks.class);
    private static final boolean ENABLED =
            "on".equals(System.getProperty("dev.curlmulti.leakDetection", "off").toLowerCase(Locale.ROOT));
    private static final ReferenceQueue<PooledChunk> QUEUE = new ReferenceQueue<>();
    private static final Set<Tracker> LIVE = ConcurrentHashMap.newKeySet();
    private static final List<String> LEAKS = new ArrayList<>();
    /** The most leak reports kept for {@link #drainLeaks()}; every one is logged. */
    private static final int MAX_KEPT = 1_000;

    private static volatile String context = "";

    private ChunkLeaks() {}

    /** Whether chunks are tracked ({@code -Ddev.curlmulti.leakDetection=on}). */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Names what runs now (a test), added to the report of a chunk created from now on. */
    public static void context(String name) {
        context = name;
    }

    static Tracker track(PooledChunk chunk, Object hint) {
        if (!ENABLED) {
            return null;
        }
        report();
        Tracker tracker = new Tracker(chunk, hint, context);
        LIVE.add(tracker);
        return tracker;
    }

    static void released(Tracker tracker) {
        if (tracker != null) {
            LIVE.remove(tracker);
            tracker.clear();
        }
    }

    /** Chunks tracked and not yet released nor collected. */
    public static int outstanding() {
        return LIVE.size();
    }

    /** Reports the leaks the GC has found so far and returns every one not returned before. */
    public static synchronized List<String> drainLeaks() {
        report();
        List<String> found = new ArrayList<>(LEAKS);
        LEAKS.clear();
        return found;
    }

    private static void report() {
        Reference<? extends PooledChunk> collected;
        while ((collected = QUEUE.poll()) != null) {
            Tracker tracker = (Tracker) collected;
            if (LIVE.remove(tracker)) {
                String leak = "a body chunk was collected without release(): from " + tracker.hint
                        + (tracker.context.isEmpty() ? "" : " during " + tracker.context);
                LOG.error("{}; give every BodyChunk (and PooledDataBuffer) back once read", leak);
                synchronized (ChunkLeaks.class) {
                    if (LEAKS.size() < MAX_KEPT) {
                        LEAKS.add(leak); // an application that never drains them keeps only the first ones
                    }
                }
            }
        }
    }

    /** The phantom reference of one chunk, with where it came from. */
    static final class Tracker extends PhantomReference<PooledChunk> {
        private final Object hint;
        private final String context;

        Tracker(PooledChunk chunk, Object hint, String context) {
            super(chunk, QUEUE);
            this.hint = hint;
            this.context = context;
        }
    }
}
