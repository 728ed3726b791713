package dev.curlmulti.core.internal.ffm;

import dev.curlmulti.core.internal.CallbackDispatch;
import dev.curlmulti.core.internal.CallbackKind;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.EnumMap;
import java.util.Map;

/**
 * The upcall stubs the FFM binding hands to libcurl: one per {@link CallbackKind}, made once in
 * the global arena (they live as long as the process) and forwarding to {@link CallbackDispatch},
 * which never lets an exception through (an exception escaping an upcall would end the JVM).
 */
final class FfmCallbacks {
    private static final Map<CallbackKind, Long> ADDRESSES = new EnumMap<>(CallbackKind.class);

    static {
        long size = Native.SIZE_T.byteSize();
        if (size != 8) {
            throw new UnsupportedOperationException("the FFM binding needs a 64-bit size_t");
        }
        stub(
                CallbackKind.WRITE,
                "write",
                MethodType.methodType(long.class, long.class, long.class, long.class, long.class),
                Native.returning(Native.SIZE_T, Native.POINTER, Native.SIZE_T, Native.SIZE_T, Native.POINTER));
        stub(
                CallbackKind.HEADER,
                "header",
                MethodType.methodType(long.class, long.class, long.class, long.class, long.class),
                Native.returning(Native.SIZE_T, Native.POINTER, Native.SIZE_T, Native.SIZE_T, Native.POINTER));
        stub(
                CallbackKind.READ,
                "read",
                MethodType.methodType(long.class, long.class, long.class, long.class, long.class),
                Native.returning(Native.SIZE_T, Native.POINTER, Native.SIZE_T, Native.SIZE_T, Native.POINTER));
        stub(
                CallbackKind.MIME_READ,
                "mimeRead",
                MethodType.methodType(long.class, long.class, long.class, long.class, long.class),
                Native.returning(Native.SIZE_T, Native.POINTER, Native.SIZE_T, Native.SIZE_T, Native.POINTER));
        stub(
                CallbackKind.XFERINFO,
                "transferInfo",
                MethodType.methodType(int.class, long.class, long.class, long.class, long.class, long.class),
                Native.returning(Native.INT, Native.POINTER, Native.OFF_T, Native.OFF_T, Native.OFF_T, Native.OFF_T));
        stub(
                CallbackKind.DEBUG,
                "debug",
                MethodType.methodType(int.class, long.class, int.class, long.class, long.class, long.class),
                Native.returning(
                        Native.INT, Native.POINTER, Native.INT, Native.POINTER, Native.SIZE_T, Native.POINTER));
        stub(
                CallbackKind.PREREQ,
                "prereq",
                MethodType.methodType(int.class, long.class, long.class, long.class, int.class, int.class),
                Native.returning(Native.INT, Native.POINTER, Native.POINTER, Native.POINTER, Native.INT, Native.INT));
        stub(
                CallbackKind.SOCKOPT,
                "sockopt",
                MethodType.methodType(int.class, long.class, int.class, int.class),
                Native.returning(Native.INT, Native.POINTER, Native.INT, Native.INT));
        stub(
                CallbackKind.CLOSESOCKET,
                "closeSocket",
                MethodType.methodType(int.class, long.class, int.class),
                Native.returning(Native.INT, Native.POINTER, Native.INT));
        stub(
                CallbackKind.LOCK,
                "lock",
                MethodType.methodType(void.class, long.class, int.class, int.class, long.class),
                Native.returningNothing(Native.POINTER, Native.INT, Native.INT, Native.POINTER));
        stub(
                CallbackKind.UNLOCK,
                "unlock",
                MethodType.methodType(void.class, long.class, int.class, long.class),
                Native.returningNothing(Native.POINTER, Native.INT, Native.POINTER));
        stub(
                CallbackKind.SOCKET,
                "socket",
                MethodType.methodType(int.class, long.class, int.class, int.class, long.class, long.class),
                Native.returning(Native.INT, Native.POINTER, Native.INT, Native.INT, Native.POINTER, Native.POINTER));
    }

    private FfmCallbacks() {}

    static long address(CallbackKind kind) {
        return ADDRESSES.get(kind);
    }

    private static void stub(CallbackKind kind, String method, MethodType type, FunctionDescriptor descriptor) {
        try {
            var target = MethodHandles.lookup().findStatic(FfmCallbacks.class, method, type);
            ADDRESSES.put(
                    kind,
                    Native.LINKER.upcallStub(target, descriptor, Arena.global()).address());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // The C signatures, forwarded. Each target catches everything (see CallbackDispatch).

    private static long write(long ptr, long size, long nmemb, long userdata) {
        return CallbackDispatch.write(ptr, size * nmemb, userdata);
    }

    private static long header(long ptr, long size, long nmemb, long userdata) {
        return CallbackDispatch.header(ptr, size * nmemb, userdata);
    }

    private static long read(long ptr, long size, long nmemb, long userdata) {
        return CallbackDispatch.read(ptr, size * nmemb, userdata);
    }

    private static long mimeRead(long ptr, long size, long nmemb, long userdata) {
        return CallbackDispatch.mimeRead(ptr, size * nmemb, userdata);
    }

    private static int sockopt(long clientp, int fd, int purpose) {
        return CallbackDispatch.sockopt(clientp, fd, purpose);
    }

    private static int closeSocket(long clientp, int fd) {
        return CallbackDispatch.closeSocket(clientp, fd);
    }

    private static int transferInfo(long clientp, long dltotal, long dlnow, long ultotal, long ulnow) {
        return CallbackDispatch.transferInfo(clientp, dltotal, dlnow, ultotal, ulnow);
    }

    private static int debug(long handle, int type, long data, long size, long userptr) {
        return CallbackDispatch.debug(type, data, size, userptr);
    }

    private static int prereq(long clientp, long primaryIp, long localIp, int primaryPort, int localPort) {
        return CallbackDispatch.prereq(clientp, localPort);
    }

    private static void lock(long handle, int data, int access, long userptr) {
        CallbackDispatch.lock(data, userptr);
    }

    private static void unlock(long handle, int data, long userptr) {
        CallbackDispatch.unlock(data, userptr);
    }

    private static int socket(long easy, int socket, int what, long clientp, long socketp) {
        return CallbackDispatch.socket(socket, what, clientp);
    }
}
