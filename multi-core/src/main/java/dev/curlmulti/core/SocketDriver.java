package dev.curlmulti.core;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.curlmulti.core.internal.jna.CallbackRegistry;
import dev.curlmulti.core.internal.jna.LinuxEpoll;
import dev.curlmulti.core.internal.jna.NativeCallbacks;

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
final class SocketDriver implements LoopDriver, NativeCallbacks.SocketEvents {
    private static final int CURL_SOCKET_TIMEOUT = -1;
    private static final int CURL_POLL_IN = 1;
    private static final int CURL_POLL_OUT = 2;
    private static final int CURL_POLL_REMOVE = 4;
    private static final int CURL_CSELECT_IN = 1;
    private static final int CURL_CSELECT_OUT = 2;
    private static final int CURL_CSELECT_ERR = 4;
    private static final int MAX_EVENTS = 1024;
    /** Interest value of a descriptor libcurl no longer watches but that is still in the epoll set. */
    private static final int STALE = -1;
    /** Interest value of a descriptor that is not in the epoll set. */
    private static final int UNWATCHED = Integer.MIN_VALUE;

    private final CurlMulti multi;
    private final long id = CallbackRegistry.allocate();
    private final int epoll;
    private final int wakeFd;
    private final Memory events = new Memory((long) MAX_EVENTS * LinuxEpoll.EVENT_SIZE);
    private final long eventsAddress = Pointer.nativeValue(events);
    private final Memory one = new Memory(LinuxEpoll.EVENT_SIZE);
    private final Memory counter = new Memory(8);
    /** The 8-byte value 1 that {@link #wakeup()} writes to the eventfd; guarded by closeLock. */
    private final Memory wakeValue = new Memory(8);
    private final long wakeValueAddress = Pointer.nativeValue(wakeValue);
    /**
     * Descriptor → the epoll interest registered for it, indexed by the descriptor (they are small
     * and dense; a map would box on every callback, and there are about three per request).
     */
    private int[] interests = newInterests(1024);
    private final Object closeLock = new Object();
    private int ready;
    private boolean closed;

    SocketDriver(CurlMulti multi) {
        if (!LinuxEpoll.AVAILABLE) {
            throw new UnsupportedOperationException("the socket-event loop driver needs Linux (epoll); use LoopDriverKind.POLL");
        }
        this.multi = multi;
        epoll = LinuxEpoll.epoll_create1(LinuxEpoll.EPOLL_CLOEXEC);
        wakeFd = LinuxEpoll.eventfd(0, LinuxEpoll.EFD_NONBLOCK | LinuxEpoll.EFD_CLOEXEC);
        if (epoll < 0 || wakeFd < 0) {
            closeDescriptors();
            CallbackRegistry.release(id);
            throw new IllegalStateException("epoll_create1 or eventfd failed");
        }
        wakeValue.setLong(0, 1);
        control(LinuxEpoll.EPOLL_CTL_ADD, wakeFd, LinuxEpoll.EPOLLIN);
        NativeCallbacks.registerSocketEvents(id, this);
        multi.setoptPointer(CurlMultiOpt.SOCKETFUNCTION, NativeCallbacks.SOCKET_FUNCTION);
        multi.setoptPointer(CurlMultiOpt.SOCKETDATA, new Pointer(id));
    }

    // ------------------------------------------------------- libcurl's callbacks (loop thread)

    @Override
    public void onSocket(int socket, int what) {
        if (what == CURL_POLL_REMOVE) {
            // Keep-alive makes libcurl say REMOVE when a connection goes idle into its cache and
            // ADD when it is reused: leave the descriptor registered (no system call) and only
            // drop it if it fires while libcurl does not want it. A closed descriptor leaves the
            // epoll set by itself.
            if (interestOf(socket) != UNWATCHED) {
                setInterest(socket, STALE);
            }
            return;
        }
        int interest = ((what & CURL_POLL_IN) != 0 ? LinuxEpoll.EPOLLIN : 0)
                | ((what & CURL_POLL_OUT) != 0 ? LinuxEpoll.EPOLLOUT : 0);
        int previous = interestOf(socket);
        setInterest(socket, interest);
        if (previous == interest) {
            // libcurl repeats itself after every action on a socket: no system call for no change.
            return;
        }
        if (previous == UNWATCHED) {
            if (control(LinuxEpoll.EPOLL_CTL_ADD, socket, interest) != 0) {
                control(LinuxEpoll.EPOLL_CTL_MOD, socket, interest);
            }
        } else if (control(LinuxEpoll.EPOLL_CTL_MOD, socket, interest) != 0) {
            // The old registration went away with a closed descriptor whose number is reused.
            control(LinuxEpoll.EPOLL_CTL_ADD, socket, interest);
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
        }
        interests[fd] = interest;
    }

    private static int[] newInterests(int size) {
        int[] table = new int[size];
        java.util.Arrays.fill(table, UNWATCHED);
        return table;
    }

    private int control(int op, int fd, int interest) {
        one.setInt(0, interest);
        one.setLong(LinuxEpoll.DATA_OFFSET, fd);
        return LinuxEpoll.epoll_ctl(epoll, op, fd, Pointer.nativeValue(one));
    }

    // ----------------------------------------------------------------------- the turn

    @Override
    public void perform() {
        int count = ready;
        ready = 0;
        for (int i = 0; i < count; i++) {
            long base = eventsAddress + (long) i * LinuxEpoll.EVENT_SIZE;
            int flags = events.getInt(base - eventsAddress);
            int fd = (int) events.getLong(base - eventsAddress + LinuxEpoll.DATA_OFFSET);
            if (fd == wakeFd) {
                continue; // already drained in await
            }
            int interest = interestOf(fd);
            if (interest == UNWATCHED || interest == STALE) {
                // An idle cached connection (or one libcurl already forgot) fired: stop watching it.
                setInterest(fd, UNWATCHED);
                LinuxEpoll.epoll_ctl(epoll, LinuxEpoll.EPOLL_CTL_DEL, fd, 0);
                continue;
            }
            int mask = ((flags & (LinuxEpoll.EPOLLIN | LinuxEpoll.EPOLLHUP)) != 0 ? CURL_CSELECT_IN : 0)
                    | ((flags & LinuxEpoll.EPOLLOUT) != 0 ? CURL_CSELECT_OUT : 0)
                    | ((flags & LinuxEpoll.EPOLLERR) != 0 ? CURL_CSELECT_ERR : 0);
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
        int n = LinuxEpoll.epoll_wait(epoll, eventsAddress, MAX_EVENTS, (int) wait);
        ready = Math.max(0, n);
        for (int i = 0; i < ready; i++) {
            if ((int) events.getLong((long) i * LinuxEpoll.EVENT_SIZE + LinuxEpoll.DATA_OFFSET) == wakeFd) {
                // Drain the eventfd here, before the loop clears its wakeup flag and takes the
                // queue, never later in the turn: a wakeup written after the flag was cleared
                // must stay readable for the next epoll_wait. (Draining it during perform lost
                // such a wakeup: the flag stayed set, so the next enqueue wrote nothing, and the
                // loop slept its whole idle interval with a command queued.)
                LinuxEpoll.read(wakeFd, Pointer.nativeValue(counter), 8);
                break;
            }
        }
    }

    @Override
    public void wakeup() {
        synchronized (closeLock) {
            if (!closed) {
                // One eventfd increment; the buffer is reused under the lock (a Memory per call
                // would be a malloc plus a cleaner registration on every cross-thread submission).
                LinuxEpoll.write(wakeFd, wakeValueAddress, 8);
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
            NativeCallbacks.unregisterSocketEvents(id);
            CallbackRegistry.release(id);
            closeDescriptors();
        }
    }

    private void closeDescriptors() {
        if (wakeFd >= 0) {
            LinuxEpoll.close(wakeFd);
        }
        if (epoll >= 0) {
            LinuxEpoll.close(epoll);
        }
    }
}
