package dev.curlmulti.core.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Where every native callback lands, whatever the binding: the binding's shared callback
 * functions call these methods with libcurl's arguments, and these find the Java target by the id
 * passed as userdata (a {@link CallbackRegistry} id, or a driver's or share's id registered here).
 *
 * <p>No exception ever crosses into libcurl: a throwing transfer target gets
 * {@link CallbackTarget#callbackFailed} and libcurl gets the value that aborts the transfer
 * ({@link CallbackCodes}). A callback for an id with no target (a transfer already removed) aborts
 * too, except the informational ones.
 */
public final class CallbackDispatch {
    private static final ConcurrentHashMap<Long, SocketEvents> SOCKET_EVENTS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, ShareLocks> SHARE_LOCKS = new ConcurrentHashMap<>();

    private CallbackDispatch() {}

    /** Lets the socket callback with userdata {@code id} reach {@code events}. */
    public static void registerSocketEvents(long id, SocketEvents events) {
        SOCKET_EVENTS.put(id, events);
    }

    /** Forgets a closed driver. */
    public static void unregisterSocketEvents(long id) {
        SOCKET_EVENTS.remove(id);
    }

    /** Lets the lock callbacks with userdata {@code id} reach {@code locks}. */
    public static void registerShareLocks(long id, ShareLocks locks) {
        SHARE_LOCKS.put(id, locks);
    }

    /** Forgets the locks of a freed share handle. */
    public static void unregisterShareLocks(long id) {
        SHARE_LOCKS.remove(id);
    }

    /** {@code CURLOPT_WRITEFUNCTION}: {@code length} body bytes at {@code address}. */
    public static long write(long address, long length, long id) {
        CallbackTarget target = CallbackRegistry.lookup(id);
        if (target == null) {
            return CallbackCodes.WRITE_ERROR;
        }
        try {
            return target.onWrite(address, length);
        } catch (Throwable e) {
            FatalErrors.record(e);
            target.callbackFailed(e);
            return CallbackCodes.WRITE_ERROR;
        }
    }

    /** {@code CURLOPT_HEADERFUNCTION}: one header line at {@code address}. */
    public static long header(long address, long length, long id) {
        CallbackTarget target = CallbackRegistry.lookup(id);
        if (target == null) {
            return CallbackCodes.WRITE_ERROR;
        }
        try {
            return target.onHeader(address, length);
        } catch (Throwable e) {
            FatalErrors.record(e);
            target.callbackFailed(e);
            return CallbackCodes.WRITE_ERROR;
        }
    }

    /** {@code CURLOPT_READFUNCTION}: up to {@code capacity} bytes to fill at {@code address}. */
    public static long read(long address, long capacity, long id) {
        CallbackTarget target = CallbackRegistry.lookup(id);
        if (target == null) {
            return CallbackCodes.READ_ABORT;
        }
        try {
            return target.onRead(address, capacity);
        } catch (Throwable e) {
            FatalErrors.record(e);
            target.callbackFailed(e);
            return CallbackCodes.READ_ABORT;
        }
    }

    /**
     * A streamed mime part's read function: {@code arg} is the handle's callback id in its low 32
     * bits and the part's number plus one above them ({@link MimeHandle#readerArg}).
     */
    public static long mimeRead(long address, long capacity, long arg) {
        CallbackTarget target = CallbackRegistry.lookup(arg & 0xFFFF_FFFFL);
        if (target == null) {
            return CallbackCodes.READ_ABORT;
        }
        try {
            return target.onMimeRead((int) (arg >>> 32) - 1, address, capacity);
        } catch (Throwable e) {
            FatalErrors.record(e);
            target.callbackFailed(e);
            return CallbackCodes.READ_ABORT;
        }
    }

    /** {@code CURLOPT_XFERINFOFUNCTION}. */
    public static int transferInfo(long id, long downloadTotal, long downloadNow, long uploadTotal, long uploadNow) {
        CallbackTarget target = CallbackRegistry.lookup(id);
        if (target == null) {
            return 0;
        }
        try {
            return target.onProgress(downloadTotal, downloadNow, uploadTotal, uploadNow);
        } catch (Throwable e) {
            FatalErrors.record(e);
            target.callbackFailed(e);
            return CallbackCodes.PROGRESS_ABORT;
        }
    }

    /** {@code CURLOPT_DEBUGFUNCTION}; always returns 0, as libcurl requires. */
    public static int debug(int type, long address, long length, long id) {
        CallbackTarget target = CallbackRegistry.lookup(id);
        if (target != null) {
            try {
                target.onDebug(type, address, length);
            } catch (Throwable e) {
                FatalErrors.record(e);
                // A debug callback cannot abort a transfer through its return value; the failure is
                // recorded and the transfer fails at its next write or read.
                target.callbackFailed(e);
            }
        }
        return 0;
    }

    /** {@code CURLOPT_PREREQFUNCTION} (libcurl 7.80+). */
    public static int prereq(long id, int localPort) {
        CallbackTarget target = CallbackRegistry.lookup(id);
        if (target == null) {
            return CallbackCodes.PREREQ_ABORT;
        }
        try {
            return target.onPrereq(localPort);
        } catch (Throwable e) {
            FatalErrors.record(e);
            target.callbackFailed(e);
            return CallbackCodes.PREREQ_ABORT;
        }
    }

    /** {@code CURLOPT_SOCKOPTFUNCTION}: libcurl made socket {@code fd}; counted, nothing set on it. */
    public static int sockopt(long clientp, int fd, int purpose) {
        try {
            SocketCounts.opened(fd, clientp);
        } catch (Throwable e) {
            FatalErrors.record(e);
            // Counting is best effort; the socket is fine either way.
        }
        return CallbackCodes.SOCKOPT_OK;
    }

    /** {@code CURLOPT_CLOSESOCKETFUNCTION}: closes {@code fd} as libcurl would, and counts it. */
    public static int closeSocket(long clientp, int fd) {
        try {
            SocketCounts.closed(fd);
        } catch (Throwable e) {
            FatalErrors.record(e);
            // Counting is best effort; the close below must happen.
        }
        try {
            return NativeBinding.get().linux().close(fd);
        } catch (Throwable e) {
            FatalErrors.record(e);
            return -1;
        }
    }

    /** {@code CURLSHOPT_LOCKFUNC}. */
    public static void lock(int data, long id) {
        try {
            ShareLocks locks = SHARE_LOCKS.get(id);
            if (locks != null) {
                locks.lock(data);
            }
        } catch (Throwable e) {
            FatalErrors.record(e);
            // nothing may escape a callback; a lock that cannot be taken leaves the data unguarded
        }
    }

    /** {@code CURLSHOPT_UNLOCKFUNC}. */
    public static void unlock(int data, long id) {
        try {
            ShareLocks locks = SHARE_LOCKS.get(id);
            if (locks != null) {
                locks.unlock(data);
            }
        } catch (Throwable e) {
            FatalErrors.record(e);
            // nothing may escape a callback
        }
    }

    /** {@code CURLMOPT_SOCKETFUNCTION}. */
    public static int socket(int socket, int what, long id) {
        SocketEvents events = SOCKET_EVENTS.get(id);
        if (events == null) {
            return 0;
        }
        try {
            events.onSocket(socket, what);
            return 0;
        } catch (Throwable e) {
            FatalErrors.record(e);
            return CallbackCodes.SOCKET_ERROR;
        }
    }
}
