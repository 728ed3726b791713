package dev.curlmulti.core.internal.jna;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The only native callbacks the project ever hands to libcurl: one static object per kind
 * (write, header, read, transfer info, debug, pre-request), shared by every transfer and strongly reachable for
 * the life of the class loader, so JNA (which holds callbacks weakly) can never free one while
 * libcurl may call it. Each transfer is found by the id passed as its {@code *DATA} userdata.
 *
 * <p>The callbacks use JNA's direct mode with {@code long} arguments, the cheapest kind (about
 * 200 ns per call). Direct mode is only chosen when JNA first converts a callback inside a
 * direct-mapped call, so {@link #pointerOf} passes each one once through a direct binding of
 * {@code memcpy(dest, src, 0)}, which returns {@code dest} unchanged: the callback's native
 * address. That address, not the callback object, is what goes to {@code curl_easy_setopt}.
 *
 * <p>No exception ever crosses into libcurl: a throwing target gets
 * {@link CallbackTarget#callbackFailed} and libcurl gets the value that aborts the transfer.
 */
public final class NativeCallbacks {
    /** {@code size_t} return that differs from any real length: libcurl aborts with a write error. */
    static final long WRITE_ERROR = 0xFFFFFFFFL;
    /** {@code CURL_READFUNC_ABORT}. */
    static final long READ_ABORT = 0x10000000L;
    /** {@code CURL_PREREQFUNC_ABORT}. */
    static final int PREREQ_ABORT = 1;

    /** {@code size_t (*)(char *ptr, size_t size, size_t nmemb, void *userdata)}. */
    public interface SizeCallback extends Callback {
        long invoke(long ptr, long size, long nmemb, long userdata);
    }

    /** {@code int (*)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)}. */
    public interface XferInfoCallback extends Callback {
        int invoke(long clientp, long dltotal, long dlnow, long ultotal, long ulnow);
    }

    /** {@code int (*)(CURL *handle, curl_infotype type, char *data, size_t size, void *userptr)}. */
    public interface DebugCallback extends Callback {
        int invoke(long handle, int type, long data, long size, long userptr);
    }

    /** {@code int (*)(void *clientp, char *conn_primary_ip, char *conn_local_ip, int conn_primary_port, int conn_local_port)}. */
    public interface PrereqCallback extends Callback {
        int invoke(long clientp, long primaryIp, long localIp, int primaryPort, int localPort);
    }

    /** {@code void (*)(CURL *handle, curl_lock_data data, curl_lock_access access, void *userptr)}. */
    public interface LockCallback extends Callback {
        void invoke(long handle, int data, int access, long userptr);
    }

    /** {@code void (*)(CURL *handle, curl_lock_data data, void *userptr)}. */
    public interface UnlockCallback extends Callback {
        void invoke(long handle, int data, long userptr);
    }

    /** {@code int (*)(CURL *easy, curl_socket_t s, int what, void *clientp, void *socketp)}. */
    public interface SocketCallback extends Callback {
        int invoke(long easy, int socket, int what, long clientp, long socketp);
    }

    /**
     * What a socket-event loop driver does when libcurl reports sockets. (There is no timer
     * callback: the driver reads libcurl's timer with {@code curl_multi_timeout}, a plain call,
     * rather than take one more upcall per request.)
     */
    public interface SocketEvents {
        /** libcurl wants {@code what} (CURL_POLL_IN 1, OUT 2, INOUT 3, REMOVE 4) on {@code socket}. */
        void onSocket(int socket, int what);
    }

    private static final ConcurrentHashMap<Long, SocketEvents> SOCKET_EVENTS = new ConcurrentHashMap<>();

    /** Lets the socket callback with userdata {@code id} reach {@code events}. */
    public static void registerSocketEvents(long id, SocketEvents events) {
        SOCKET_EVENTS.put(id, events);
    }

    /** Forgets a closed driver. */
    public static void unregisterSocketEvents(long id) {
        SOCKET_EVENTS.remove(id);
    }

    private static final class Socket implements SocketCallback {
        @Override
        public int invoke(long easy, int socket, int what, long clientp, long socketp) {
            SocketEvents events = SOCKET_EVENTS.get(clientp);
            if (events == null) {
                return 0;
            }
            try {
                events.onSocket(socket, what);
                return 0;
            } catch (Throwable e) {
                return -1;
            }
        }
    }

    /** One lock per {@code curl_lock_data} kind, for one share handle. */
    public static final class ShareLocks {
        private final ReentrantLock[] locks =
                new ReentrantLock[16];

        public ShareLocks() {
            for (int i = 0; i < locks.length; i++) {
                locks[i] = new ReentrantLock();
            }
        }

        void lock(int data) {
            locks[data & 15].lock();
        }

        void unlock(int data) {
            ReentrantLock lock = locks[data & 15];
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
    }

    private static final ConcurrentHashMap<Long, ShareLocks> SHARE_LOCKS =
            new ConcurrentHashMap<>();

    /** Lets the lock callbacks with userdata {@code id} reach {@code locks}. */
    public static void registerShareLocks(long id, ShareLocks locks) {
        SHARE_LOCKS.put(id, locks);
    }

    /** Forgets the locks of a freed share handle. */
    public static void unregisterShareLocks(long id) {
        SHARE_LOCKS.remove(id);
    }

    private static final class Lock implements LockCallback {
        @Override
        public void invoke(long handle, int data, int access, long userptr) {
            ShareLocks locks = SHARE_LOCKS.get(userptr);
            if (locks != null) {
                locks.lock(data);
            }
        }
    }

    private static final class Unlock implements UnlockCallback {
        @Override
        public void invoke(long handle, int data, long userptr) {
            ShareLocks locks = SHARE_LOCKS.get(userptr);
            if (locks != null) {
                locks.unlock(data);
            }
        }
    }

    private static final class Write implements SizeCallback {
        @Override
        public long invoke(long ptr, long size, long nmemb, long userdata) {
            CallbackTarget target = CallbackRegistry.lookup(userdata);
            if (target == null) {
                return WRITE_ERROR;
            }
            try {
                return target.onWrite(ptr, size * nmemb);
            } catch (Throwable e) {
                target.callbackFailed(e);
                return WRITE_ERROR;
            }
        }
    }

    private static final class Header implements SizeCallback {
        @Override
        public long invoke(long ptr, long size, long nmemb, long userdata) {
            CallbackTarget target = CallbackRegistry.lookup(userdata);
            if (target == null) {
                return WRITE_ERROR;
            }
            try {
                return target.onHeader(ptr, size * nmemb);
            } catch (Throwable e) {
                target.callbackFailed(e);
                return WRITE_ERROR;
            }
        }
    }

    private static final class Read implements SizeCallback {
        @Override
        public long invoke(long ptr, long size, long nmemb, long userdata) {
            CallbackTarget target = CallbackRegistry.lookup(userdata);
            if (target == null) {
                return READ_ABORT;
            }
            try {
                return target.onRead(ptr, size * nmemb);
            } catch (Throwable e) {
                target.callbackFailed(e);
                return READ_ABORT;
            }
        }
    }

    private static final class XferInfo implements XferInfoCallback {
        @Override
        public int invoke(long clientp, long dltotal, long dlnow, long ultotal, long ulnow) {
            CallbackTarget target = CallbackRegistry.lookup(clientp);
            if (target == null) {
                return 0;
            }
            try {
                return target.onProgress(dltotal, dlnow, ultotal, ulnow);
            } catch (Throwable e) {
                target.callbackFailed(e);
                return 1;
            }
        }
    }

    private static final class Prereq implements PrereqCallback {
        @Override
        public int invoke(long clientp, long primaryIp, long localIp, int primaryPort, int localPort) {
            CallbackTarget target = CallbackRegistry.lookup(clientp);
            if (target == null) {
                return PREREQ_ABORT;
            }
            try {
                return target.onPrereq();
            } catch (Throwable e) {
                target.callbackFailed(e);
                return PREREQ_ABORT;
            }
        }
    }

    private static final class Debug implements DebugCallback {
        @Override
        public int invoke(long handle, int type, long data, long size, long userptr) {
            CallbackTarget target = CallbackRegistry.lookup(userptr);
            if (target != null) {
                try {
                    target.onDebug(type, data, size);
                } catch (Throwable e) {
                    // A debug callback cannot abort a transfer through its return value; the
                    // failure is recorded and the transfer fails at its next write or read.
                    target.callbackFailed(e);
                }
            }
            return 0;
        }
    }

    private static final Memory ONE_BYTE = new Memory(1);

    // Strong, static references: these objects must outlive every handle that points at them.
    private static final SizeCallback WRITE = new Write();
    private static final SizeCallback HEADER = new Header();
    private static final SizeCallback READ = new Read();
    private static final XferInfoCallback XFERINFO = new XferInfo();
    private static final DebugCallback DEBUG = new Debug();
    private static final PrereqCallback PREREQ = new Prereq();
    private static final LockCallback LOCK = new Lock();
    private static final UnlockCallback UNLOCK = new Unlock();
    private static final SocketCallback SOCKET = new Socket();

    /** Native address of the write callback, for {@code CURLOPT_WRITEFUNCTION}. */
    public static final Pointer WRITE_FUNCTION;
    /** Native address of the header callback, for {@code CURLOPT_HEADERFUNCTION}. */
    public static final Pointer HEADER_FUNCTION;
    /** Native address of the read callback, for {@code CURLOPT_READFUNCTION}. */
    public static final Pointer READ_FUNCTION;
    /** Native address of the transfer-info callback, for {@code CURLOPT_XFERINFOFUNCTION}. */
    public static final Pointer XFERINFO_FUNCTION;
    /** Native address of the debug callback, for {@code CURLOPT_DEBUGFUNCTION}. */
    public static final Pointer DEBUG_FUNCTION;
    /** Native address of the pre-request callback, for {@code CURLOPT_PREREQFUNCTION} (libcurl 7.80+). */
    public static final Pointer PREREQ_FUNCTION;
    /** Native address of the share lock callback, for {@code CURLSHOPT_LOCKFUNC}. */
    public static final Pointer LOCK_FUNCTION;
    /** Native address of the share unlock callback, for {@code CURLSHOPT_UNLOCKFUNC}. */
    public static final Pointer UNLOCK_FUNCTION;
    /** Native address of the socket callback, for {@code CURLMOPT_SOCKETFUNCTION}. */
    public static final Pointer SOCKET_FUNCTION;

    static {
        Native.register(Trampolines.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        WRITE_FUNCTION = pointerOf(WRITE);
        HEADER_FUNCTION = pointerOf(HEADER);
        READ_FUNCTION = pointerOf(READ);
        XFERINFO_FUNCTION = pointerOf(XFERINFO);
        DEBUG_FUNCTION = pointerOf(DEBUG);
        PREREQ_FUNCTION = pointerOf(PREREQ);
        LOCK_FUNCTION = pointerOf(LOCK);
        UNLOCK_FUNCTION = pointerOf(UNLOCK);
        SOCKET_FUNCTION = pointerOf(SOCKET);
    }

    private NativeCallbacks() {
    }

    private static Pointer pointerOf(Callback callback) {
        // memcpy with length 0 copies nothing; src is still a valid address, as C requires.
        return new Pointer(Trampolines.memcpy(callback, ONE_BYTE, 0));
    }


    /** Direct binding whose only job is to make JNA build direct-mode trampolines. */
    private static final class Trampolines {
        static native long memcpy(Callback dest, Pointer src, long length);
    }
}
