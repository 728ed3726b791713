package dev.curlmulti.core.internal;

import dev.curlmulti.core.CurlCodes;
import dev.curlmulti.core.CurlMultiException;
import dev.curlmulti.core.CurlMultiOpt;
import dev.curlmulti.core.FdSet;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The internal object behind a multi handle, used by the pycurl-style {@code CurlMulti} and
 * directly by the event loop: adds and removes easy handles (keeping each reachable while added,
 * and routing its callbacks to a target), runs libcurl ({@code perform}, {@code socket_action}),
 * reads completions (the one {@code CURLMsg} reader) and waits.
 *
 * <p><b>Threading:</b> one thread at a time drives it and every handle added to it; {@link #wakeup()}
 * is safe from any thread, also concurrently with {@link #close()}. <b>Ownership:</b> the creator
 * closes it; the native memory is in a {@link MultiState}, freed by {@link #close()} or by the
 * cleaner once {@code owner} is unreachable.
 */
public final class MultiHandle {
    private static final NativeBinding NATIVE = NativeBinding.get();
    private static final int CURLMSG_DONE = 1;
    private static final int FD_SET_BYTES = 128;
    /** {@code CURLM_CALL_MULTI_PERFORM}. */
    public static final int CALL_MULTI_PERFORM = -1;

    private final MultiState state;
    private final Cleaner.Cleanable cleanable;
    private final ByteBuffer out;
    private final AddressMap handles = new AddressMap();
    /** One {@code CURLMsg} copied out of libcurl, read through {@link #messageView}. */
    private final byte[] message = new byte[24];

    private final ByteBuffer messageView = ByteBuffer.wrap(message).order(java.nio.ByteOrder.nativeOrder());
    private final Object wakeupLock = new Object();
    private volatile boolean closed;
    /** True while libcurl runs transfers: calls from their callbacks must not free or re-enter. */
    volatile boolean performing;

    private Thread owner;

    /**
     * A new multi handle ({@code curl_multi_init}).
     *
     * @param owner the object whose unreachability frees it if it is never closed
     */
    public MultiHandle(Object owner) {
        NATIVE.library();
        long address = NATIVE.multiInit();
        if (address == 0) {
            throw new OutOfMemoryError("curl_multi_init failed");
        }
        state = new MultiState(address);
        out = NATIVE.view(state.out, MultiState.OUT_SIZE);
        cleanable = NativeOwnership.register(owner, state);
    }

    /** Receives finished transfers from {@link #readCompletions}. */
    public interface CompletionSink {
        /** {@code handle} finished with {@code result}; {@code target} is what its callbacks reached. */
        void done(EasyHandle handle, CallbackTarget target, int result);
    }

    /**
     * Adds a handle whose callbacks go to {@code target} (its Java functions, or a loop's transfer).
     *
     * @throws IllegalStateException the handle is closed or already in a multi
     */
    public void add(EasyHandle handle, CallbackTarget target) {
        checkOpen();
        if (handle.isClosed()) {
            throw new IllegalStateException("cannot add a closed Curl handle");
        }
        if (handle.multi != null) {
            throw new IllegalStateException(
                    handle.multi == this
                            ? "the handle is already added to this multi"
                            : "the handle is added to another multi");
        }
        check(NATIVE.multiAddHandle(state.address, handle.address()));
        handles.put(handle.address(), handle);
        handle.multi = this;
        handle.target = target;
        state.attach(handle.state);
        CallbackRegistry.activate(handle.id(), target);
    }

    /** Adds a handle whose callbacks go to its own Java functions (the pycurl-style API). */
    public void add(EasyHandle handle) {
        add(handle, handle.javaCallbacks());
    }

    /**
     * Removes a handle, finished or not (an unfinished transfer is abandoned).
     *
     * @throws IllegalArgumentException the handle is not in this multi
     */
    public void remove(EasyHandle handle) {
        checkOpen();
        if (handle.multi != this) {
            throw new IllegalArgumentException("the handle is not added to this multi");
        }
        check(forget(handle));
    }

    /** Detaches without checks; returns libcurl's code. */
    int forget(EasyHandle handle) {
        handles.remove(handle.address());
        handle.multi = null;
        handle.target = null;
        CallbackRegistry.deactivate(handle.id());
        return state.detach(handle.state);
    }

    /** {@code curl_multi_perform}: runs every transfer as far as it goes; returns libcurl's code (0 or call-again). */
    public int perform() {
        checkOpen();
        int rc;
        performing = true;
        try {
            rc = NATIVE.multiPerform(state.address, state.out);
        } finally {
            performing = false;
        }
        if (rc != 0 && rc != CALL_MULTI_PERFORM) {
            check(rc);
        }
        return rc;
    }

    /** True while libcurl runs transfers (perform, socket action): their callbacks are on the stack. */
    public boolean isPerforming() {
        return performing;
    }

    /** Transfers still running after the last {@link #perform()} or {@link #socketAction}. */
    public int running() {
        return out.getInt(0);
    }

    /**
     * {@code curl_multi_socket_action}: tells libcurl what happened on {@code socket} (-1: its timer).
     * Returns the transfers still running.
     */
    public int socketAction(int socket, int events) {
        checkOpen();
        int rc;
        performing = true;
        try {
            rc = NATIVE.multiSocketAction(state.address, socket, events, state.out);
        } finally {
            performing = false;
        }
        if (rc != 0 && rc != CALL_MULTI_PERFORM) {
            check(rc);
        }
        return out.getInt(0);
    }

    /**
     * Reads up to {@code max} completion messages ({@code curl_multi_info_read}) and hands each to
     * {@code sink}. The handles stay added. Returns how many messages were still queued after the
     * last one read.
     */
    public int readCompletions(int max, CompletionSink sink) {
        checkOpen();
        int queued = 0;
        for (int read = 0; read < max; read++) {
            long address = NATIVE.multiInfoRead(state.address, state.out + 8);
            if (address == 0) {
                return 0;
            }
            queued = out.getInt(8);
            // CURLMsg { CURLMSG msg; CURL *easy_handle; union { void *whatever; CURLcode result; } data; }
            NATIVE.read(address, message, 0, message.length);
            if (messageView.getInt(0) != CURLMSG_DONE) {
                continue;
            }
            EasyHandle handle = handles.get(messageView.getLong(8));
            if (handle != null) {
                sink.done(handle, handle.target, messageView.getInt(16));
            }
        }
        return queued;
    }

    /** {@code curl_multi_setopt} with a C long. */
    public void setLong(CurlMultiOpt option, long value) {
        checkOpen();
        checkSetopt(option, NATIVE.multiSetoptLong(state.address, option.code(), value));
    }

    /** {@code curl_multi_setopt} with a {@code curl_off_t}. */
    public void setOffT(CurlMultiOpt option, long value) {
        checkOpen();
        checkSetopt(option, NATIVE.multiSetoptOffT(state.address, option.code(), value));
    }

    /** {@code curl_multi_setopt} with a pointer (the socket driver's callback and its data). */
    public void setPointer(CurlMultiOpt option, long address) {
        checkOpen();
        checkSetopt(option, NATIVE.multiSetoptPointer(state.address, option.code(), address));
    }

    private static void checkSetopt(CurlMultiOpt option, int rc) {
        if (rc != 0) {
            throw new IllegalArgumentException("curl_multi_setopt(" + option.cName() + ") failed: "
                    + CurlCodes.multiName(rc) + ": " + NATIVE.multiStrerror(rc));
        }
    }

    /** {@code curl_multi_fdset}: descriptors of 1024 and above are not reported by libcurl. */
    public FdSet fdset() {
        checkOpen();
        long sets = NATIVE.malloc(3L * FD_SET_BYTES);
        try {
            ByteBuffer view = NATIVE.view(sets, 3L * FD_SET_BYTES);
            for (int i = 0; i < 3 * FD_SET_BYTES; i += 8) {
                view.putLong(i, 0);
            }
            check(NATIVE.multiFdset(state.address, sets, sets + FD_SET_BYTES, sets + 2L * FD_SET_BYTES, state.out));
            int maxFd = out.getInt(0);
            List<Integer> read = new ArrayList<>();
            List<Integer> write = new ArrayList<>();
            List<Integer> except = new ArrayList<>();
            for (int fd = 0; fd <= maxFd && fd < FD_SET_BYTES * 8; fd++) {
                int word = fd / 64 * 8;
                long bit = 1L << (fd % 64);
                if ((view.getLong(word) & bit) != 0) {
                    read.add(fd);
                }
                if ((view.getLong(FD_SET_BYTES + word) & bit) != 0) {
                    write.add(fd);
                }
                if ((view.getLong(2 * FD_SET_BYTES + word) & bit) != 0) {
                    except.add(fd);
                }
            }
            return new FdSet(read, write, except);
        } finally {
            NATIVE.free(sets);
        }
    }

    /** {@code curl_multi_poll}: the number of ready descriptors (0 on timeout or wakeup). */
    public int poll(int timeoutMs) {
        return poll(0, 0, timeoutMs);
    }

    /**
     * {@code curl_multi_poll} that also waits for {@code extraCount} descriptors of the caller's
     * ({@code struct curl_waitfd} array at {@code extraFds}; libcurl sets their {@code revents}).
     */
    public int poll(long extraFds, int extraCount, int timeoutMs) {
        checkOpen();
        check(NATIVE.multiPoll(state.address, extraFds, extraCount, timeoutMs, state.out));
        return out.getInt(0);
    }

    /**
     * {@code curl_multi_wakeup}, the one call safe from any thread; never concurrent with the free
     * in {@link #close()}.
     *
     * @throws IllegalStateException the multi is closed
     */
    public void wakeup() {
        synchronized (wakeupLock) {
            if (closed) {
                throw new IllegalStateException("this CurlMulti is closed");
            }
            check(NATIVE.multiWakeup(state.address));
        }
    }

    /** {@code curl_multi_timeout}: ms until libcurl's next timer, -1 for none. */
    public long timeout() {
        checkOpen();
        check(NATIVE.multiTimeout(state.address, state.out + 16));
        return out.getLong(16);
    }

    /** Handles currently added, in no particular order. */
    public List<EasyHandle> handles() {
        checkOpen();
        return List.copyOf(handles.values());
    }

    public boolean isClosed() {
        return closed;
    }

    /** Removes every handle still added (they stay open), then frees the multi. Idempotent. */
    public void close() {
        synchronized (wakeupLock) {
            if (closed) {
                return;
            }
            if (performing) {
                throw new IllegalStateException("close() cannot be called from inside a libcurl callback");
            }
            closed = true;
            for (EasyHandle handle : handles.values()) {
                forget(handle);
            }
            cleanable.clean();
        }
    }

    /** Makes every call but {@link #wakeup()} from another thread fail (when checks are on). */
    public void confineTo(Thread thread) {
        owner = thread;
    }

    private static void check(int rc) {
        if (rc != 0) {
            throw new CurlMultiException(rc, NATIVE.multiStrerror(rc));
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
