package dev.curlmulti.core.internal.jna;

import dev.curlmulti.core.internal.LinuxEvents;

/** {@link LinuxEvents} on JNA's direct binding of the C library ({@link LinuxEpoll}). */
final class JnaLinuxEvents implements LinuxEvents {
    @Override
    public boolean available() {
        return LinuxEpoll.AVAILABLE;
    }

    @Override
    public int eventSize() {
        return LinuxEpoll.EVENT_SIZE;
    }

    @Override
    public int dataOffset() {
        return LinuxEpoll.DATA_OFFSET;
    }

    @Override
    public int epollCreate1(int flags) {
        return LinuxEpoll.epoll_create1(flags);
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, long event) {
        return LinuxEpoll.epoll_ctl(epfd, op, fd, event);
    }

    @Override
    public int epollWait(int epfd, long events, int maxEvents, int timeoutMs) {
        return LinuxEpoll.epoll_wait(epfd, events, maxEvents, timeoutMs);
    }

    @Override
    public int eventfd(int initialValue, int flags) {
        return LinuxEpoll.eventfd(initialValue, flags);
    }

    @Override
    public long read(int fd, long buffer, long count) {
        return LinuxEpoll.read(fd, buffer, count);
    }

    @Override
    public long write(int fd, long buffer, long count) {
        return LinuxEpoll.write(fd, buffer, count);
    }

    @Override
    public int close(int fd) {
        return LinuxEpoll.close(fd);
    }

    @Override
    public int setsockopt(int fd, int level, int name, long value, int valueLength) {
        return LinuxEpoll.setsockopt(fd, level, name, value, valueLength);
    }
}
