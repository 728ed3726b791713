package dev.curlmulti.core.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Maps the ids that libcurl passes back as callback userdata to their {@link CallbackTarget}.
 *
 * <p>An id is a slot index plus one (0 stays the NULL pointer). Lookup, done on every callback,
 * is one volatile array read and needs no lock or boxing. Registering, activating and releasing
 * happen once or twice per transfer and take a lock, which also makes growing the table safe.
 *
 * <p>A slot holds its target only while libcurl may call it (the handle is in a multi or inside
 * {@code curl_easy_perform}); otherwise it is empty, so the registry never keeps an idle handle
 * from being garbage collected. Thread-safe.
 */
public final class CallbackRegistry {
    private static final Object LOCK = new Object();
    private static volatile AtomicReferenceArray<CallbackTarget> slots = new AtomicReferenceArray<>(256);
    private static int[] freeSlots = new int[256];
    private static int freeCount;
    private static int nextUnused;

    private CallbackRegistry() {}

    /** Reserves a new id, not yet active. */
    public static long allocate() {
        synchronized (LOCK) {
            int slot;
            if (freeCount > 0) {
                slot = freeSlots[--freeCount];
            } else {
                slot = nextUnused++;
                if (slot >= slots.length()) {
                    grow();
                }
            }
            return slot + 1L;
        }
    }

    /** Lets libcurl's callbacks for {@code id} reach {@code target}. */
    public static void activate(long id, CallbackTarget target) {
        synchronized (LOCK) {
            slots.set(slotOf(id), target);
        }
    }

    /** Callbacks for {@code id} find nothing until it is activated again. */
    public static void deactivate(long id) {
        synchronized (LOCK) {
            slots.set(slotOf(id), null);
        }
    }

    /** Gives the id back for reuse; its handle must already be freed. */
    public static void release(long id) {
        synchronized (LOCK) {
            int slot = slotOf(id);
            slots.set(slot, null);
            if (freeCount == freeSlots.length) {
                int[] larger = new int[freeSlots.length * 2];
                System.arraycopy(freeSlots, 0, larger, 0, freeCount);
                freeSlots = larger;
            }
            freeSlots[freeCount++] = slot;
        }
    }

    /** The active target for {@code id}, or {@code null}. Lock-free; called from native callbacks. */
    public static CallbackTarget lookup(long id) {
        AtomicReferenceArray<CallbackTarget> table = slots;
        long slot = id - 1;
        if (slot < 0 || slot >= table.length()) {
            return null;
        }
        return table.get((int) slot);
    }

    /** How many ids are reserved and not yet released (for leak checks). */
    public static int allocatedCount() {
        synchronized (LOCK) {
            return nextUnused - freeCount;
        }
    }

    private static int slotOf(long id) {
        if (id < 1 || id > nextUnused) {
            throw new IllegalArgumentException("unknown callback id " + id);
        }
        return (int) (id - 1);
    }

    private static void grow() {
        AtomicReferenceArray<CallbackTarget> old = slots;
        AtomicReferenceArray<CallbackTarget> larger = new AtomicReferenceArray<>(old.length() * 2);
        for (int i = 0; i < old.length(); i++) {
            larger.set(i, old.get(i));
        }
        slots = larger;
    }
}
