package dev.curlmulti.core;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import dev.curlmulti.core.internal.jna.CallbackRegistry;
import dev.curlmulti.core.internal.jna.CurlGlobal;
import dev.curlmulti.core.internal.jna.LibCurl;
import dev.curlmulti.core.internal.jna.LibCurlVarargs;
import dev.curlmulti.core.internal.jna.NativeCallbacks;

import java.lang.ref.Cleaner;

/**
 * A libcurl share handle, pycurl's {@code pycurl.CurlShare}: cookies, the DNS cache, TLS sessions
 * (and more, see {@link CurlLockData}) shared between easy handles, also across threads and loops.
 * Attach it with {@code curl.setopt(CurlOpt.SHARE, share)}.
 *
 * <p><b>Threading:</b> libcurl calls the share's lock functions from whichever thread runs a
 * transfer that uses it; they are Java locks, one per kind of data, so handles on different
 * threads may share safely. {@link #share} and {@link #unshare} must not run while a transfer that
 * uses the share is in progress.
 *
 * <p><b>Ownership:</b> the caller closes it. libcurl cannot free a share still used by a handle, so
 * the native share is freed once it is closed (or unreachable) and its last handle is gone.
 */
public final class CurlShare implements AutoCloseable {
    private static final int CURLSHOPT_SHARE = 1;
    private static final int CURLSHOPT_UNSHARE = 2;
    private static final int CURLSHOPT_LOCKFUNC = 3;
    private static final int CURLSHOPT_UNLOCKFUNC = 4;
    private static final int CURLSHOPT_USERDATA = 5;

    final ShareState state;
    private final Cleaner.Cleanable cleanable;
    private boolean closed;

    /** Creates a share handle ({@code curl_share_init}) with thread-safe locking installed. */
    public CurlShare() {
        CurlGlobal.ensureInitialized();
        long address = LibCurl.curl_share_init();
        if (address == 0) {
            throw new OutOfMemoryError("curl_share_init failed");
        }
        long id = CallbackRegistry.allocate();
        state = new ShareState(address, id);
        cleanable = NativeOwnership.CLEANER.register(this, state);
        NativeCallbacks.registerShareLocks(id, new NativeCallbacks.ShareLocks());
        set(CURLSHOPT_USERDATA, new Pointer(id));
        set(CURLSHOPT_LOCKFUNC, NativeCallbacks.LOCK_FUNCTION);
        set(CURLSHOPT_UNLOCKFUNC, NativeCallbacks.UNLOCK_FUNCTION);
    }

    /** Starts sharing {@code data} between the handles that use this share. */
    public void share(CurlLockData data) {
        checkOpen();
        set(CURLSHOPT_SHARE, new NativeLong(data.code()));
    }

    /** Stops sharing {@code data}. */
    public void unshare(CurlLockData data) {
        checkOpen();
        set(CURLSHOPT_UNSHARE, new NativeLong(data.code()));
    }

    private void set(int option, Object value) {
        int rc = LibCurlVarargs.INSTANCE.curl_share_setopt(state.address, option, value);
        if (rc != 0) {
            throw new IllegalArgumentException("curl_share_setopt(" + option + ") failed: "
                    + LibCurl.curl_share_strerror(rc));
        }
    }

    long address() {
        checkOpen();
        return state.address;
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the share; the native handle is freed when no easy handle uses it any more. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cleanable.clean();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this CurlShare is closed");
        }
    }
}
