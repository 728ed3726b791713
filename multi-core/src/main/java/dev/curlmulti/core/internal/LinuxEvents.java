package dev.curlmulti.core.internal;

/**
 * epoll, eventfd and the descriptor calls on them, for the socket-event loop driver. Addresses are
 * native memory ({@link NativeBinding#malloc}); {@code struct epoll_event} is {@link #eventSize()}
 * bytes with its data at {@link #dataOffset()} (packed on x86-64).
 */
public interface LinuxEvents {
    int EPOLLIN = 0x001;
    int EPOLLOUT = 0x004;
    int EPOLLERR = 0x008;
    int EPOLLHUP = 0x010;
    int EPOLL_CTL_ADD = 1;
    int EPOLL_CTL_DEL = 2;
    int EPOLL_CTL_MOD = 3;
    int EPOLL_CLOEXEC = 0x80000;
    int EFD_NONBLOCK = 0x800;
    int EFD_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SO_RCVBUF = 8;

    /** True on Linux, where the other methods work. */
    boolean available();

    /** Size of one {@code struct epoll_event}. */
    int eventSize();

    /** Offset of its {@code data} field. */
    int dataOffset();

    int epollCreate1(int flags);

    /** {@code event}: address of one {@code struct epoll_event}, 0 for DEL. */
    int epollCtl(int epfd, int op, int fd, long event);

    /** {@code events}: address of {@code maxEvents} structs. */
    int epollWait(int epfd, long events, int maxEvents, int timeoutMs);

    int eventfd(int initialValue, int flags);

    long read(int fd, long buffer, long count);

    long write(int fd, long buffer, long count);

    int close(int fd);

    /** {@code setsockopt(fd, level, name, value, valueLength)}; {@code value} is native memory. */
    int setsockopt(int fd, int level, int name, long value, int valueLength);
}
