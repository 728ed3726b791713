package dev.curlmulti.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Direct binding of the Linux calls the socket-event loop driver needs: epoll, eventfd, and
 * read/write/close on those descriptors. {@code struct epoll_event} is packed on x86-64 (12 bytes,
 * data at offset 4) and naturally aligned elsewhere (16 bytes, data at offset 8).
 */
final class LinuxEpoll {
    /** True on Linux, where this class can be used. */
    public static final boolean AVAILABLE = Platform.isLinux();

    /** Size of one {@code struct epoll_event}. */
    public static final int EVENT_SIZE = Platform.isIntel() && Platform.is64Bit() ? 12 : 16;
    /** Offset of its {@code data} field. */
    public static final int DATA_OFFSET = Platform.isIntel() && Platform.is64Bit() ? 4 : 8;

    static {
        if (AVAILABLE) {
            Native.register(LinuxEpoll.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }
    }

    private LinuxEpoll() {}

    public static native int epoll_create1(int flags);

    /** {@code event} is the address of one {@code struct epoll_event} (0 for DEL). */
    public static native int epoll_ctl(int epfd, int op, int fd, long event);

    /** {@code events} is the address of {@code maxEvents} structs. */
    public static native int epoll_wait(int epfd, long events, int maxEvents, int timeoutMs);

    public static native int eventfd(int initialValue, int flags);

    public static native long read(int fd, long buffer, long count);

    public static native int setsockopt(int fd, int level, int name, long value, int valueLength);

    public static native long write(int fd, long buffer, long count);

    public static native int close(int fd);
}
