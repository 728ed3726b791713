package dev.curlmulti.core.loop;

import static dev.curlmulti.core.loop.SocketActionCodes.CURL_CSELECT_ERR;
import static dev.curlmulti.core.loop.SocketActionCodes.CURL_CSELECT_IN;
import static dev.curlmulti.core.loop.SocketActionCodes.CURL_CSELECT_OUT;
import static dev.curlmulti.core.loop.SocketActionCodes.CURL_POLL_IN;
import static dev.curlmulti.core.loop.SocketActionCodes.CURL_POLL_OUT;
import static dev.curlmulti.core.loop.SocketActionCodes.CURL_POLL_REMOVE;
import static dev.curlmulti.core.loop.SocketActionCodes.CURL_SOCKET_TIMEOUT;

import dev.curlmulti.core.CurlMultiOpt;
import dev.curlmulti.core.internal.CallbackDispatch;
import dev.curlmulti.core.internal.CallbackKind;
import dev.curlmulti.core.internal.CallbackRegistry;
import dev.curlmulti.core.internal.LinuxEvents;
import dev.curlmulti.core.internal.MultiHandle;
import dev.curlmulti.core.internal.NativeBinding;
import dev.curlmulti.core.internal.SocketEvents;
import java.nio.ByteBuffer;

/**
 * {@code curl_multi_socket_action} driven by epoll. libcurl tells the driver which sockets to
 * watch (socket callback → {@code epoll_ctl}); a turn hands libcurl only the sockets epoll
 * reported ready, plus the timeout action when libcurl's next timer is due. {@code
 * curl_multi_wakeup} cannot wake {@code epoll_wait}, so wakeups go through an eventfd in the same
 * epoll set.
 *
 * <p>libcurl's timer is read with {@code curl_multi_timeout} (a plain call, about 0.1 µs) at the
 * end of {@link #perform()} and before each wait, instead of through {@code
 * CURLMOPT_TIMERFUNCTION}: libcurl calls the timer callback about once per request on keep-alive
 * connections, and each upcall through JNA costs about a microsecond. Reading it at those two
 * points sees every change, because libcurl changes its timer only inside calls this loop thread
 * makes (add, remove, pause, socket action), and all of them happen before the wait.
 */
final class SocketDriver implements LoopDriver, SocketEvents {
    private static final NativeBinding NATIVE = NativeBinding.get();
    private static final LinuxEvents LINUX = NATIVE.linux();
    private static final int MAX_EVENTS = 1024;
    /**
     * Bit set on the interest of a descriptor libcurl no longer watches but that is still in the
     * epoll set with the interest in the low bits (so a reuse with the same interest costs nothing).
     */
    private static final int STALE = 0x100;
    /** Interest value of a descriptor that is not in the epoll set. */
    private static final int UNWATCHED = Integer.MIN_VALUE;

    private final MultiHandle multi;
    private final long id = CallbackRegistry.allocate();
    private final int epoll;
    private final int wakeFd;
    private final int eventSize = LINUX.eventSize();
    private final int dataOffset = LINUX.dataOffset();
    /**
     * Native memory: {@value #MAX_EVENTS} epoll events, then one event for epoll_ctl, the eventfd
     * counter read on a wakeup, and the value 1 that {@link #wakeup()} writes (guarded by closeLock).
     */
    private final long memory;

    private final ByteBuffer events;
    private final long one;
    private final ByteBuffer oneView;
    private final long counter;
    private final long wakeValue;
    /**
     * Descriptor → the epoll interest registered for it, indexed by the descriptor (they are small
     * and dense; a map would box on every callback, and there are about three per request).
     */
    private int[] interests = newInterests(1024);
    /** Descriptor → the owner of a socket libcurl handed over ({@link #watch}), mostly null. */
    private SocketWatcher[] watchers = new SocketWatcher[1024];

    private final Object closeLock = new Object();
    private int ready;
    private boolean closed;

    SocketDriver(MultiHandle multi) {
        if (!LINUX.available()) {
            throw new UnsupportedOperationException(
                    "the socket-event loop driver needs Linux (epoll); use LoopDriverKind.POLL");
        }
        this.multi = multi;
        long eventsBytes = (long) MAX_EVENTS * eventSize;
        memory = NATIVE.malloc(eventsBytes + eventSize + 16);
        events = NATIVE.view(memory, eventsBytes);
        one = memory + eventsBytes;
        oneView = NATIVE.view(one, eventSize);
        counter = one + eventSize;
        wakeValue = counter + 8;
        NATIVE.view(wakeValue, 8).putLong(0, 1);
        epoll = LINUX.epollCreate1(LinuxEvents.EPOLL_CLOEXEC);
        wakeFd = LINUX.eventfd(0, LinuxEvents.EFD_NONBLOCK | LinuxEvents.EFD_CLOEXEC);
        if (epoll < 0 || wakeFd < 0) {
            closeDescriptors();
            CallbackRegistry.release(id);
            NATIVE.free(memory);
            throw new IllegalStateException("epoll_create1 or eventfd failed");
        }
        control(LinuxEvents.EPOLL_CTL_ADD, wakeFd, LinuxEvents.EPOLLIN);
        CallbackDispatch.registerSocketEvents(id, this);
        multi.setPointer(CurlMultiOpt.SOCKETFUNCTION, NATIVE.callbackAddress(CallbackKind.SOCKET));
        multi.setPointer(CurlMultiOpt.SOCKETDATA, id);
    }

    // ------------------------------------------------------- libcurl's callbacks (loop thread)

    @Override
    public void onSocket(int socket, int what) {
        if (socket >= 0 && socket < watchers.length && watchers[socket] != null) {
            return; // handed over: its owner decides what to watch
        }
        if (what == CURL_POLL_REMOVE) {
            // Keep-alive makes libcurl say REMOVE when a connection goes idle into its cache and
            // ADD when it is reused: leave the descriptor registered (no system call) and only
            // drop it if it fires while libcurl does not want it. A closed descriptor leaves the
            // epoll set by itself.
            int registered = interestOf(socket);
            if (registered != UNWATCHED) {
                setInterest(socket, registered | STALE);
            }
            return;
        }
        int interest = ((what & CURL_POLL_IN) != 0 ? LinuxEvents.EPOLLIN : 0)
                | ((what & CURL_POLL_OUT) != 0 ? LinuxEvents.EPOLLOUT : 0);
        int previous = interestOf(socket);
        setInterest(socket, interest);
        if (previous == interest) {
            // libcurl repeats itself after every action on a socket: no system call for no change.
            return;
        }
        // A stale entry (libcurl said REMOVE) may belong to a descriptor that was closed since,
        // which left the epoll set, and whose number a new connection now has: MOD fails then
        // and ADD registers the new one. Skipping the call for a reuse with the same interest lost
        // such sockets (libcurl 8.14 closes and reopens under connection limits often enough for a
        // stress test to hang on it). A still-registered idle connection costs one epoll_ctl here.
        if (previous == UNWATCHED) {
            if (control(LinuxEvents.EPOLL_CTL_ADD, socket, interest) != 0) {
                control(LinuxEvents.EPOLL_CTL_MOD, socket, interest);
            }
        } else if (control(LinuxEvents.EPOLL_CTL_MOD, socket, interest) != 0) {
            // The old registration went away with a closed descriptor whose number is reused.
            control(LinuxEvents.EPOLL_CTL_ADD, socket, interest);
        }
    }

    private int interestOf(int fd) {
        return fd >= 0 && fd < interests.length ? interests[fd] : UNWATCHED;
    }

    private void setInterest(int fd, int interest) {
        if (fd >= interests.length) {
            int[] larger = newInterests(Math.max(fd + 1, interests.length * 2));
            System.arraycopy(interests, 0, larger, 0, interests.length);
            interests = larger;
            watchers = java.util.Arrays.copyOf(watchers, larger.length);
        }
        interests[fd] = interest;
    }

    @Override
    public void watch(int fd, int events, SocketWatcher watcher) {
        if (events == 0) {
            if (fd < watchers.length && watchers[fd] != null) {
                watchers[fd] = null;
                setInterest(fd, UNWATCHED);
                LINUX.epollCtl(epoll, LinuxEvents.EPOLL_CTL_DEL, fd, 0);
            }
            return;
        }
        int interest = ((events & SocketWatcher.READ) != 0 ? LinuxEvents.EPOLLIN : 0)
                | ((events & SocketWatcher.WRITE) != 0 ? LinuxEvents.EPOLLOUT : 0);
        int previous = interestOf(fd);
        setInterest(fd, interest);
        watchers[fd] = watcher;
        if (previous == interest) {
            return;
        }
        // libcurl may have left it registered (stale) or not: one of the two calls fits.
        if (control(LinuxEvents.EPOLL_CTL_MOD, fd, interest) != 0) {
            control(LinuxEvents.EPOLL_CTL_ADD, fd, interest);
        }
    }

    @Override
    public SocketWatcher watcher(int fd) {
        return fd >= 0 && fd < watchers.length ? watchers[fd] : null;
    }

    private static int[] newInterests(int size) {
        int[] table = new int[size];
        java.util.Arrays.fill(table, UNWATCHED);
        return table;
    }

    private int control(int op, int fd, int interest) {
        oneView.putInt(0, interest);
        oneView.putLong(dataOffset, fd);
        return LINUX.epollCtl(epoll, op, fd, one);
    }

    // ----------------------------------------------------------------------- the turn

    @Override
    public void perform() {
        int count = ready;
        ready = 0;
        for (int i = 0; i < count; i++) {
            int base = i * eventSize;
            int flags = events.getInt(base);
            int fd = (int) events.getLong(base + dataOffset);
            if (fd == wakeFd) {
                continue; // already drained in await
            }
            SocketWatcher watcher = fd < watchers.length ? watchers[fd] : null;
            if (watcher != null) {
                boolean failed = (flags & (LinuxEvents.EPOLLERR | LinuxEvents.EPOLLHUP)) != 0;
                watcher.ready(
                        failed || (flags & LinuxEvents.EPOLLIN) != 0, failed || (flags & LinuxEvents.EPOLLOUT) != 0);
                continue;
            }
            int interest = interestOf(fd);
            if (interest == UNWATCHED || (interest & STALE) != 0) {
                // An idle cached connection (or one libcurl already forgot) fired: stop watching it.
                setInterest(fd, UNWATCHED);
                LINUX.epollCtl(epoll, LinuxEvents.EPOLL_CTL_DEL, fd, 0);
                continue;
            }
            int mask = ((flags & (LinuxEvents.EPOLLIN | LinuxEvents.EPOLLHUP)) != 0 ? CURL_CSELECT_IN : 0)
                    | ((flags & LinuxEvents.EPOLLOUT) != 0 ? CURL_CSELECT_OUT : 0)
                    | ((flags & LinuxEvents.EPOLLERR) != 0 ? CURL_CSELECT_ERR : 0);
            multi.socketAction(fd, mask);
        }
        // Commands drained before this perform (adds, cancels, resumes) set a zero timer to
        // start their work; a due timer also covers libcurl's own timeouts.
        if (multi.timeout() == 0) {
            multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
        }
    }

    @Override
    public void await(long maxMillis) {
        long wait = maxMillis;
        long untilTimer = multi.timeout();
        if (untilTimer >= 0) {
            wait = Math.min(wait, untilTimer);
        }
        int n = LINUX.epollWait(epoll, memory, MAX_EVENTS, (int) wait);
        ready = Math.max(0, n);
        for (int i = 0; i < ready; i++) {
            if ((int) events.getLong(i * eventSize + dataOffset) == wakeFd) {
                // Drain the eventfd here, before the loop clears its wakeup flag and takes the
                // queue, never later in the turn: a wakeup written after the flag was cleared
                // must stay readable for the next epoll_wait. (Draining it during perform lost
                // such a wakeup: the flag stayed set, so the next enqueue wrote nothing, and the
                // loop slept its whole idle interval with a command queued.)
                LINUX.read(wakeFd, counter, 8);
                break;
            }
        }
    }

    @Override
    public void wakeup() {
        synchronized (closeLock) {
            if (!closed) {
                // One eventfd increment; the value is reused under the lock (an allocation per call
                // would be a malloc plus a cleaner registration on every cross-thread submission).
                LINUX.write(wakeFd, wakeValue, 8);
            }
        }
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            CallbackDispatch.unregisterSocketEvents(id);
            CallbackRegistry.release(id);
            closeDescriptors();
            NATIVE.free(memory);
        }
    }

    private void closeDescriptors() {
        if (wakeFd >= 0) {
            LINUX.close(wakeFd);
        }
        if (epoll >= 0) {
            LINUX.close(epoll);
        }
    }
}
