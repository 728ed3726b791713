package dev.curlmulti.core.internal;

/**
 * Carries an error that must end the loop out of the places that catch everything (libcurl's
 * callbacks, where nothing may escape into native frames, and the loop's handler calls) to the
 * loop, which throws it once libcurl has returned. Only a {@link VirtualMachineError} (out of
 * memory, stack overflow, an internal error) counts: after one, the loop's state cannot be trusted,
 * so the loop ends its transfers and its group starts a new one. Any other throwable fails only the
 * transfer whose callback threw it.
 *
 * <p><b>Threading:</b> per thread; the loop thread records and takes its own.
 */
public final class FatalErrors {
    private static final ThreadLocal<Throwable> PENDING = new ThreadLocal<>();

    private FatalErrors() {}

    /** Keeps {@code error} for the loop if it is fatal (the first one wins). */
    public static void record(Throwable error) {
        if (error instanceof VirtualMachineError && PENDING.get() == null) {
            PENDING.set(error);
        }
    }

    /** The fatal error recorded on this thread since the last call, or null. */
    public static Throwable take() {
        Throwable error = PENDING.get();
        if (error != null) {
            PENDING.remove();
        }
        return error;
    }
}
