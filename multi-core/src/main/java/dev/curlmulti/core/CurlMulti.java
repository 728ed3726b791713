package dev.curlmulti.core;

import dev.curlmulti.core.internal.EasyHandle;
import dev.curlmulti.core.internal.Internals;
import dev.curlmulti.core.internal.MultiHandle;
import dev.curlmulti.core.internal.NativeBinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A libcurl multi handle, pycurl's {@code pycurl.CurlMulti}: many transfers driven by one thread.
 * Method names are pycurl's in Java case ({@code add_handle} is {@link #addHandle}); the guide's
 * event-loop page ({@code docs/event-loop.md}, "For pycurl users") has the full mapping.
 *
 * <p><b>Threading:</b> one thread at a time drives the multi and every handle added to it. The one
 * exception is {@link #wakeup()}, safe from any thread, also concurrently with {@link #close()}.
 *
 * <p><b>Ownership:</b> the caller closes it with {@link #close()} (idempotent), which first removes
 * every handle still added (the handles stay open and usable). A forgotten multi is freed when
 * unreachable. Unlike pycurl, the multi keeps a strong reference to each added {@link Curl} until it
 * is removed, so a handle the caller dropped cannot be freed mid-transfer.
 */
public final class CurlMulti implements AutoCloseable {
    /** pycurl's {@code E_CALL_MULTI_PERFORM}: call {@link #perform()} again at once. */
    public static final int E_CALL_MULTI_PERFORM = MultiHandle.CALL_MULTI_PERFORM;

    private final MultiHandle multi = new MultiHandle(this);

    /** Creates a multi handle ({@code curl_multi_init}). */
    public CurlMulti() {}

    /**
     * Adds a handle; its transfer starts on the next {@link #perform()}.
     *
     * @throws IllegalStateException the handle is closed or already added to a multi
     */
    public void addHandle(Curl handle) {
        multi.add(Internals.easy(handle));
    }

    /**
     * Removes a handle, finished or not (an unfinished transfer is abandoned).
     *
     * @throws IllegalArgumentException the handle is not added to this multi
     */
    public void removeHandle(Curl handle) {
        multi.remove(Internals.easy(handle));
    }

    /** Runs every transfer as far as it can go without waiting ({@code curl_multi_perform}). */
    public PerformResult perform() {
        int rc = multi.perform();
        return new PerformResult(rc, multi.running());
    }

    /** Reads every queued completion message. */
    public InfoRead infoRead() {
        return infoRead(Integer.MAX_VALUE);
    }

    /**
     * Reads up to {@code max} completion messages ({@code curl_multi_info_read}). The handles stay
     * added: remove them (and reuse or close them) as in pycurl.
     */
    public InfoRead infoRead(int max) {
        List<Curl> succeeded = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        int queued = multi.readCompletions(max, (easy, target, result) -> {
            Throwable cause = easy.takeCallbackFailure();
            if (result == 0 && cause == null) {
                succeeded.add(easy.facade());
            } else {
                failed.add(new Failure(easy.facade(), result, easy.errorText(result), cause));
            }
        });
        return new InfoRead(queued, succeeded, failed);
    }

    /**
     * The descriptors libcurl currently waits on ({@code curl_multi_fdset}). Descriptors of 1024 and
     * above are not reported by libcurl; waiting through {@link #select} has no such limit.
     */
    public FdSet fdset() {
        return multi.fdset();
    }

    /**
     * Waits until a transfer's socket is ready, libcurl's next timer is due, or the timeout passes.
     * Built on {@code curl_multi_poll}, not {@code select(2)}: there is no 1024-descriptor limit, it
     * waits the full time even when no transfer has a socket yet (like {@code select} with empty
     * sets), and {@link #wakeup()} ends it early.
     *
     * @return the number of ready descriptors, or -1 when the wait timed out
     */
    public int select(double timeoutSeconds) {
        if (!(timeoutSeconds >= 0)) {
            throw new IllegalArgumentException("timeout must be >= 0 seconds: " + timeoutSeconds);
        }
        int ready = multi.poll((int) Math.min(Integer.MAX_VALUE, Math.round(timeoutSeconds * 1000)));
        return ready == 0 ? -1 : ready;
    }

    /**
     * Waits like {@link #select} but can be woken early by {@link #wakeup()} from any thread
     * ({@code curl_multi_poll}).
     *
     * @return the number of ready descriptors (0 on timeout or wakeup)
     */
    public int poll(Duration timeout) {
        return multi.poll((int) Math.max(0, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
    }

    /**
     * Wakes a thread blocked in {@link #poll} ({@code curl_multi_wakeup}). The only method safe from
     * any thread; it never runs concurrently with the native free in {@link #close()}.
     *
     * @throws IllegalStateException the multi is closed
     */
    public void wakeup() {
        multi.wakeup();
    }

    /**
     * How long libcurl wants to wait at most before the next {@link #perform()}, in milliseconds
     * ({@code curl_multi_timeout}); -1 when it has no timer set.
     */
    public long timeout() {
        return multi.timeout();
    }

    /**
     * Sets a LONG or OFF_T multi option such as {@link CurlMultiOpt#MAX_TOTAL_CONNECTIONS}.
     *
     * @throws IllegalArgumentException a pointer or function option, or a value libcurl rejects
     */
    public void setopt(CurlMultiOpt option, long value) {
        if (multi.isClosed()) {
            throw new IllegalStateException("this CurlMulti is closed");
        }
        NativeBinding.get().library().require(option.cName(), option.since());
        switch (option.type()) {
            case LONG -> multi.setLong(option, value);
            case OFF_T -> multi.setOffT(option, value);
            default ->
                throw new IllegalArgumentException(
                        option.cName() + " takes a pointer and is managed by curl-multi's loop drivers");
        }
    }

    /** Handles currently added, in no particular order. */
    public List<Curl> handles() {
        return multi.handles().stream().map(EasyHandle::facade).toList();
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return multi.isClosed();
    }

    /**
     * Removes every handle still added (they stay open), then frees the multi
     * ({@code curl_multi_cleanup}). Idempotent.
     */
    @Override
    public void close() {
        multi.close();
    }
}
