package dev.curlmulti.core.internal;

/**
 * The native share handle. libcurl refuses to free a share that an easy handle still uses, so it
 * is freed when both its {@code CurlShare} is closed (or collected) and its last user is gone.
 * Guarded by {@link NativeOwnership#FREE_LOCK}.
 */
public final class ShareState implements Runnable {
    private static final NativeBinding NATIVE = NativeBinding.get();
    private static final int CURLSHOPT_LOCKFUNC = 3;
    private static final int CURLSHOPT_UNLOCKFUNC = 4;
    private static final int CURLSHOPT_USERDATA = 5;

    private final long id;
    private long address;
    private int users;
    private boolean closed;

    private ShareState(long address, long id) {
        this.address = address;
        this.id = id;
        NativeResources.shareCreated();
    }

    /** A new share handle ({@code curl_share_init}) with thread-safe Java locks installed. */
    public static ShareState create() {
        NATIVE.library();
        long address = NATIVE.shareInit();
        if (address == 0) {
            throw new OutOfMemoryError("curl_share_init failed");
        }
        ShareState state = new ShareState(address, CallbackRegistry.allocate());
        CallbackDispatch.registerShareLocks(state.id, new ShareLocks());
        state.setPointer(CURLSHOPT_USERDATA, state.id);
        state.setPointer(CURLSHOPT_LOCKFUNC, NATIVE.callbackAddress(CallbackKind.LOCK));
        state.setPointer(CURLSHOPT_UNLOCKFUNC, NATIVE.callbackAddress(CallbackKind.UNLOCK));
        return state;
    }

    /** {@code curl_share_setopt} with a C long; throws {@link IllegalArgumentException} when refused. */
    public void setLong(int option, long value) {
        check(option, NATIVE.shareSetoptLong(address, option, value));
    }

    private void setPointer(int option, long value) {
        check(option, NATIVE.shareSetoptPointer(address, option, value));
    }

    private static void check(int option, int rc) {
        if (rc != 0) {
            throw new IllegalArgumentException("curl_share_setopt(" + option + ") failed: " + NATIVE.shareStrerror(rc));
        }
    }

    long address() {
        return address;
    }

    void userAdded() {
        synchronized (NativeOwnership.FREE_LOCK) {
            users++;
        }
    }

    void userGone() {
        synchronized (NativeOwnership.FREE_LOCK) {
            users--;
            freeIfUnused();
        }
    }

    /** Marks the share closed by its owner; frees it once no handle uses it. */
    @Override
    public void run() {
        synchronized (NativeOwnership.FREE_LOCK) {
            closed = true;
            freeIfUnused();
        }
    }

    private void freeIfUnused() {
        if (closed && users == 0 && address != 0) {
            NATIVE.shareCleanup(address);
            address = 0;
            CallbackDispatch.unregisterShareLocks(id);
            CallbackRegistry.release(id);
            NativeResources.shareFreed();
        }
    }
}
