package dev.curlmulti.core.internal.jna;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import dev.curlmulti.core.internal.CallbackDispatch;
import dev.curlmulti.core.internal.CallbackKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * The only native callbacks the project hands to libcurl: one static object per
 * {@link CallbackKind}, shared by every handle and strongly reachable for the life of the class
 * loader, so JNA (which holds callbacks weakly) can never free one while libcurl may call it. Each
 * forwards its arguments to {@link CallbackDispatch}, which finds the Java target by the id passed
 * as userdata and keeps exceptions out of libcurl.
 *
 * <p>The callbacks use JNA's direct mode with {@code long} arguments, the cheapest kind (about
 * 200 ns per call). Direct mode is only chosen when JNA first converts a callback inside a
 * direct-mapped call, so {@link #addressOf} passes each one once through a direct binding of
 * {@code memcpy(dest, src, 0)}, which returns {@code dest} unchanged: the callback's native
 * address. That address, not the callback object, is what goes to {@code curl_easy_setopt}.
 */
final class NativeCallbacks {
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

    /**
     * {@code int (*)(void *clientp, char *conn_primary_ip, char *conn_local_ip, int conn_primary_port,
     * int conn_local_port)}.
     */
    public interface PrereqCallback extends Callback {
        int invoke(long clientp, long primaryIp, long localIp, int primaryPort, int localPort);
    }

    /** {@code int (*)(void *clientp, curl_socket_t curlfd, curlsocktype purpose)}. */
    public interface SockoptCallback extends Callback {
        int invoke(long clientp, int fd, int purpose);
    }

    /** {@code int (*)(void *clientp, curl_socket_t item)}. */
    public interface CloseSocketCallback extends Callback {
        int invoke(long clientp, int fd);
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

    /** Forwards the write, header, read or mime read callback (same C signature) to the dispatcher. */
    private static final class Size implements SizeCallback {
        private final CallbackKind kind;

        Size(CallbackKind kind) {
            this.kind = kind;
        }

        @Override
        public long invoke(long ptr, long size, long nmemb, long userdata) {
            return switch (kind) {
                case WRITE -> CallbackDispatch.write(ptr, size * nmemb, userdata);
                case HEADER -> CallbackDispatch.header(ptr, size * nmemb, userdata);
                case MIME_READ -> CallbackDispatch.mimeRead(ptr, size * nmemb, userdata);
                default -> CallbackDispatch.read(ptr, size * nmemb, userdata);
            };
        }
    }

    private static final class XferInfo implements XferInfoCallback {
        @Override
        public int invoke(long clientp, long dltotal, long dlnow, long ultotal, long ulnow) {
            return CallbackDispatch.transferInfo(clientp, dltotal, dlnow, ultotal, ulnow);
        }
    }

    private static final class Debug implements DebugCallback {
        @Override
        public int invoke(long handle, int type, long data, long size, long userptr) {
            return CallbackDispatch.debug(type, data, size, userptr);
        }
    }

    private static final class Prereq implements PrereqCallback {
        @Override
        public int invoke(long clientp, long primaryIp, long localIp, int primaryPort, int localPort) {
            return CallbackDispatch.prereq(clientp, localPort);
        }
    }

    private static final class Sockopt implements SockoptCallback {
        @Override
        public int invoke(long clientp, int fd, int purpose) {
            return CallbackDispatch.sockopt(clientp, fd, purpose);
        }
    }

    private static final class CloseSocket implements CloseSocketCallback {
        @Override
        public int invoke(long clientp, int fd) {
            return CallbackDispatch.closeSocket(clientp, fd);
        }
    }

    private static final class Lock implements LockCallback {
        @Override
        public void invoke(long handle, int data, int access, long userptr) {
            CallbackDispatch.lock(data, userptr);
        }
    }

    private static final class Unlock implements UnlockCallback {
        @Override
        public void invoke(long handle, int data, long userptr) {
            CallbackDispatch.unlock(data, userptr);
        }
    }

    private static final class Socket implements SocketCallback {
        @Override
        public int invoke(long easy, int socket, int what, long clientp, long socketp) {
            return CallbackDispatch.socket(socket, what, clientp);
        }
    }

    private static final com.sun.jna.Memory ONE_BYTE = new com.sun.jna.Memory(1);
    // Strong, static references: these objects must outlive every handle that points at them.
    private static final Map<CallbackKind, Callback> CALLBACKS = new EnumMap<>(CallbackKind.class);
    private static final Map<CallbackKind, Long> ADDRESSES = new EnumMap<>(CallbackKind.class);

    static {
        Native.register(Trampolines.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        CALLBACKS.put(CallbackKind.WRITE, new Size(CallbackKind.WRITE));
        CALLBACKS.put(CallbackKind.HEADER, new Size(CallbackKind.HEADER));
        CALLBACKS.put(CallbackKind.READ, new Size(CallbackKind.READ));
        CALLBACKS.put(CallbackKind.MIME_READ, new Size(CallbackKind.MIME_READ));
        CALLBACKS.put(CallbackKind.XFERINFO, new XferInfo());
        CALLBACKS.put(CallbackKind.DEBUG, new Debug());
        CALLBACKS.put(CallbackKind.PREREQ, new Prereq());
        CALLBACKS.put(CallbackKind.SOCKOPT, new Sockopt());
        CALLBACKS.put(CallbackKind.CLOSESOCKET, new CloseSocket());
        CALLBACKS.put(CallbackKind.LOCK, new Lock());
        CALLBACKS.put(CallbackKind.UNLOCK, new Unlock());
        CALLBACKS.put(CallbackKind.SOCKET, new Socket());
        CALLBACKS.forEach((kind, callback) -> ADDRESSES.put(kind, addressOf(callback)));
    }

    private NativeCallbacks() {}

    static long address(CallbackKind kind) {
        return ADDRESSES.get(kind);
    }

    private static long addressOf(Callback callback) {
        // memcpy with length 0 copies nothing; src is still a valid address, as C requires.
        return Trampolines.memcpy(callback, ONE_BYTE, 0);
    }

    /** Direct binding whose only job is to make JNA build direct-mode trampolines. */
    private static final class Trampolines {
        static native long memcpy(Callback dest, Pointer src, long length);
    }
}
