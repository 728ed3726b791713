package dev.curlmulti.core;

import dev.curlmulti.core.internal.jna.CallbackRegistry;
import dev.curlmulti.core.internal.jna.LibCurl;
import dev.curlmulti.core.internal.jna.NativeCallbacks;
import dev.curlmulti.core.internal.jna.NativeResources;

/**
 * The native share handle. libcurl refuses to free a share that an easy handle still uses, so it
 * is freed when both its {@link CurlShare} is closed (or collected) and its last user is gone.
 * Guarded by {@link NativeOwnership#FREE_LOCK}.
 */
final class ShareState implements Runnable {
    final long id;
    long address;
    private int users;
    private boolean closed;

    ShareState(long address, long id) {
        this.address = address;
        this.id = id;
        NativeResources.shareCreated();
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

    boolean isClosed() {
        synchronized (NativeOwnership.FREE_LOCK) {
            return closed;
        }
    }

    @Override
    public void run() {
        synchronized (NativeOwnership.FREE_LOCK) {
            closed = true;
            freeIfUnused();
        }
    }

    private void freeIfUnused() {
        if (closed && users == 0 && address != 0) {
            LibCurl.curl_share_cleanup(address);
            address = 0;
            NativeCallbacks.unregisterShareLocks(id);
            CallbackRegistry.release(id);
            NativeResources.shareFreed();
        }
    }
}
