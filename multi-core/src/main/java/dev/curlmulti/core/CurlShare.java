package dev.curlmulti.core;

import dev.curlmulti.core.internal.NativeOwnership;
import dev.curlmulti.core.internal.ShareState;
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

    private final ShareState state;
    private final Cleaner.Cleanable cleanable;
    private boolean closed;

    /** Creates a share handle ({@code curl_share_init}) with thread-safe locking installed. */
    public CurlShare() {
        state = ShareState.create();
        cleanable = NativeOwnership.register(this, state);
    }

    /** Starts sharing {@code data} between the handles that use this share. */
    public void share(CurlLockData data) {
        checkOpen();
        state.setLong(CURLSHOPT_SHARE, data.code());
    }

    /** Stops sharing {@code data}. */
    public void unshare(CurlLockData data) {
        checkOpen();
        state.setLong(CURLSHOPT_UNSHARE, data.code());
    }

    ShareState state() {
        checkOpen();
        return state;
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
