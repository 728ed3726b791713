package dev.curlmulti.core;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import dev.curlmulti.core.internal.jna.CallbackRegistry;
import dev.curlmulti.core.internal.jna.CallbackTarget;
import dev.curlmulti.core.internal.jna.CurlGlobal;
import dev.curlmulti.core.internal.jna.LibCurl;
import dev.curlmulti.core.internal.jna.LibCurlVarargs;
import dev.curlmulti.core.internal.jna.ThreadChecks;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A libcurl multi handle, pycurl's {@code pycurl.CurlMulti}: many transfers driven by one thread.
 * Method names are pycurl's in Java case ({@code add_handle} is {@link #addHandle}); see the README
 * for the full mapping.
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
    public static final int E_CALL_MULTI_PERFORM = -1;

    private static final int CURLMSG_DONE = 1;
    private static final int FD_SET_BYTES = 128;

    final MultiState state;
    private final Cleaner.Cleanable cleanable;
    private final Map<Long, Curl> handles = new HashMap<>();
    /** Out-parameters: int at 0, int at 8, long at 16. */
    private final Memory out = new Memory(32);
    private final long outAddress = Pointer.nativeValue(out);
    private final Object wakeupLock = new Object();
    private volatile boolean closed;
    /** True while {@code curl_multi_perform} runs: calls from callbacks must not free or re-enter. */
    volatile boolean performing;
    private Thread owner;

    /** Creates a multi handle ({@code curl_multi_init}). */
    public CurlMulti() {
        CurlGlobal.ensureInitialized();
        long address = LibCurl.curl_multi_init();
        if (address == 0) {
            throw new OutOfMemoryError("curl_multi_init failed");
        }
        state = new MultiState(address);
        cleanable = NativeOwnership.CLEANER.register(this, state);
    }

    /**
     * Adds a handle; its transfer starts on the next {@link #perform()}.
     *
     * @throws IllegalStateException the handle is closed or already added to a multi
     */
    public void addHandle(Curl handle) {
        addHandle(handle, handle.callbacks);
    }

    /** Adds a handle whose callbacks go to {@code target} (the event loop's transfer). */
    void addHandle(Curl handle, CallbackTarget target) {
        checkOpen();
        if (handle.isClosed()) {
            throw new IllegalStateException("cannot add a closed Curl handle");
        }
        if (handle.multi != null) {
            throw new IllegalStateException(handle.multi == this
                    ? "the handle is already added to this multi" : "the handle is added to another multi");
        }
        check(LibCurl.curl_multi_add_handle(state.address, handle.address()));
        handles.put(handle.address(), handle);
        handle.multi = this;
        state.attach(handle.state);
        CallbackRegistry.activate(handle.state.id, target);
    }

    /**
     * Removes a handle, finished or not (an unfinished transfer is abandoned).
     *
     * @throws IllegalArgumentException the handle is not added to this multi
     */
    public void removeHandle(Curl handle) {
        checkOpen();
        if (handle.multi != this) {
            throw new IllegalArgumentException("the handle is not added to this multi");
        }
        int rc = forget(handle);
        check(rc);
    }

    /** Detaches without checks; used by {@link #removeHandle}, {@link #close()} and {@link Curl#close()}. */
    int forget(Curl handle) {
        handles.remove(handle.address());
        handle.multi = null;
        CallbackRegistry.deactivate(handle.state.id);
        return state.detach(handle.state);
    }

    /** Runs every transfer as far as it can go without waiting ({@code curl_multi_perform}). */
    public PerformResult perform() {
        checkOpen();
        int rc;
        performing = true;
        try {
            rc = LibCurl.curl_multi_perform(state.address, outAddress);
        } finally {
            performing = false;
        }
        if (rc != 0 && rc != E_CALL_MULTI_PERFORM) {
            check(rc);
        }
        return new PerformResult(rc, out.getInt(0));
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
        checkOpen();
        List<Curl> succeeded = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        int queued = 0;
        for (int read = 0; read < max; read++) {
            long message = LibCurl.curl_multi_info_read(state.address, outAddress + 8);
            if (message == 0) {
                queued = 0;
                break;
            }
            queued = out.getInt(8);
            // CURLMsg { CURLMSG msg; CURL *easy_handle; union { void *whatever; CURLcode result; } data; }
            Pointer msg = new Pointer(message);
            if (msg.getInt(0) != CURLMSG_DONE) {
                continue;
            }
            Curl handle = handles.get(msg.getLong(8));
            if (handle == null) {
                continue;
            }
            int result = msg.getInt(16);
            Throwable cause = handle.callbacks.takeFailure();
            if (result == 0 && cause == null) {
                succeeded.add(handle);
            } else {
                failed.add(new Failure(handle, result, handle.errorText(result), cause));
            }
        }
        return new InfoRead(queued, succeeded, failed);
    }

    /** Receives one finished transfer from {@link #drainDone}. */
    interface DoneSink {
        void done(Curl handle, int result);
    }

    /**
     * Reads every queued completion and hands it to {@code sink} without building lists: the event
     * loop's path. The handles stay added.
     */
    void drainDone(DoneSink sink) {
        checkOpen();
        while (true) {
            long message = LibCurl.curl_multi_info_read(state.address, outAddress + 8);
            if (message == 0) {
                return;
            }
            Pointer msg = new Pointer(message);
            if (msg.getInt(0) != CURLMSG_DONE) {
                continue;
            }
            Curl handle = handles.get(msg.getLong(8));
            if (handle != null) {
                sink.done(handle, msg.getInt(16));
            }
        }
    }

    /**
     * Tells libcurl what happened on {@code socket} ({@code -1}: a timeout), the socket-event
     * driver's equivalent of {@link #perform()}. Returns the transfers still running.
     */
    int socketAction(int socket, int events) {
        checkOpen();
        int rc;
        performing = true;
        try {
            rc = LibCurl.curl_multi_socket_action(state.address, socket, events, outAddress);
        } finally {
            performing = false;
        }
        if (rc != 0 && rc != E_CALL_MULTI_PERFORM) {
            check(rc);
        }
        return out.getInt(0);
    }

    /** Sets a pointer-valued multi option (the socket driver's callbacks and their data). */
    void setoptPointer(CurlMultiOpt option, Pointer value) {
        checkOpen();
        int rc = LibCurlVarargs.INSTANCE.curl_multi_setopt(state.address, option.code(), value);
        if (rc != 0) {
            throw new IllegalArgumentException("curl_multi_setopt(" + option.cName() + ") failed: "
                    + CurlCodes.multiName(rc));
        }
    }

    /** Makes every call but {@link #wakeup()} from another thread fail (when checks are on). */
    void confineTo(Thread thread) {
        owner = thread;
    }

    /** Number of handles added. */
    int size() {
        return handles.size();
    }

    /**
     * The descriptors libcurl currently waits on ({@code curl_multi_fdset}). Descriptors of 1024 and
     * above are not reported by libcurl; waiting through {@link #select} has no such limit.
     */
    public FdSet fdset() {
        checkOpen();
        Memory sets = new Memory(3L * FD_SET_BYTES);
        sets.clear();
        long setsAddress = Pointer.nativeValue(sets);
        check(LibCurl.curl_multi_fdset(state.address, setsAddress, setsAddress + FD_SET_BYTES,
                setsAddress + 2L * FD_SET_BYTES, outAddress));
        int maxFd = out.getInt(0);
        List<Integer> read = new ArrayList<>();
        List<Integer> write = new ArrayList<>();
        List<Integer> except = new ArrayList<>();
        for (int fd = 0; fd <= maxFd && fd < FD_SET_BYTES * 8; fd++) {
            long word = fd / 64 * 8L;
            long bit = 1L << (fd % 64);
            if ((sets.getLong(word) & bit) != 0) {
                read.add(fd);
            }
            if ((sets.getLong(FD_SET_BYTES + word) & bit) != 0) {
                write.add(fd);
            }
            if ((sets.getLong(2L * FD_SET_BYTES + word) & bit) != 0) {
                except.add(fd);
            }
        }
        return new FdSet(read, write, except);
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
        checkOpen();
        if (!(timeoutSeconds >= 0)) {
            throw new IllegalArgumentException("timeout must be >= 0 seconds: " + timeoutSeconds);
        }
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.round(timeoutSeconds * 1000));
        check(LibCurl.curl_multi_poll(state.address, 0, 0, timeoutMs, outAddress));
        int ready = out.getInt(0);
        return ready == 0 ? -1 : ready;
    }

    /**
     * Waits like {@link #select} but can be woken early by {@link #wakeup()} from any thread
     * ({@code curl_multi_poll}).
     *
     * @return the number of ready descriptors (0 on timeout or wakeup)
     */
    public int poll(Duration timeout) {
        checkOpen();
        long millis = Math.max(0, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        check(LibCurl.curl_multi_poll(state.address, 0, 0, (int) millis, outAddress));
        return out.getInt(0);
    }

    /**
     * Wakes a thread blocked in {@link #poll} ({@code curl_multi_wakeup}). The only method safe from
     * any thread; it never runs concurrently with the native free in {@link #close()}.
     *
     * @throws IllegalStateException the multi is closed
     */
    public void wakeup() {
        synchronized (wakeupLock) {
            if (closed) {
                throw new IllegalStateException("this CurlMulti is closed");
            }
            check(LibCurl.curl_multi_wakeup(state.address));
        }
    }

    /**
     * How long libcurl wants to wait at most before the next {@link #perform()}, in milliseconds
     * ({@code curl_multi_timeout}); -1 when it has no timer set.
     */
    public long timeout() {
        checkOpen();
        check(LibCurl.curl_multi_timeout(state.address, outAddress + 16));
        return out.getNativeLong(16).longValue();
    }

    /**
     * Sets a LONG or OFF_T multi option such as {@link CurlMultiOpt#MAX_TOTAL_CONNECTIONS}.
     *
     * @throws IllegalArgumentException a pointer or function option, or a value libcurl rejects
     */
    public void setopt(CurlMultiOpt option, long value) {
        checkOpen();
        Curl.requireVersion(option.cName(), option.since(), CurlGlobal.versionNum());
        Object nativeValue = switch (option.type()) {
            case LONG -> new NativeLong(value);
            case OFF_T -> value;
            default -> throw new IllegalArgumentException(option.cName()
                    + " takes a pointer and is managed by curl-multi's loop drivers");
        };
        int rc = LibCurlVarargs.INSTANCE.curl_multi_setopt(state.address, option.code(), nativeValue);
        if (rc != 0) {
            throw new IllegalArgumentException("curl_multi_setopt(" + option.cName() + ") failed: "
                    + CurlCodes.multiName(rc) + ": " + LibCurl.curl_multi_strerror(rc));
        }
    }

    /** Handles currently added, in no particular order. */
    public List<Curl> handles() {
        checkOpen();
        return List.copyOf(handles.values());
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Removes every handle still added (they stay open), then frees the multi
     * ({@code curl_multi_cleanup}). Idempotent.
     */
    @Override
    public void close() {
        synchronized (wakeupLock) {
            if (closed) {
                return;
            }
            if (performing) {
                throw new IllegalStateException("close() cannot be called from inside a libcurl callback");
            }
            closed = true;
            for (Curl handle : new ArrayList<>(handles.values())) {
                forget(handle);
            }
            cleanable.clean();
        }
    }

    private void check(int rc) {
        if (rc != 0) {
            throw new CurlMultiException(rc, LibCurl.curl_multi_strerror(rc));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this CurlMulti is closed");
        }
        if (performing) {
            throw new IllegalStateException("CurlMulti methods cannot be called from inside a libcurl callback");
        }
        if (ThreadChecks.ENABLED && owner != null && owner != Thread.currentThread()) {
            throw new IllegalStateException("libcurl call on a multi owned by " + owner.getName() + " from "
                    + Thread.currentThread().getName());
        }
    }
}
