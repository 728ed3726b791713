package dev.curlmulti.core.internal.ffm;

import dev.curlmulti.core.internal.LinuxEvents;
import java.lang.invoke.MethodHandle;

/**
 * {@link LinuxEvents} through FFM downcalls into the C library. {@code epoll_wait} blocks, so it is
 * a normal downcall; the others return at once and never call back, so they are critical.
 * {@code struct epoll_event} is packed on x86-64 (12 bytes, data at 4), aligned elsewhere (16, 8).
 */
final class FfmLinuxEvents implements LinuxEvents {
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");
    private static final boolean X86_64 = System.getProperty("os.arch", "").matches("amd64|x86_64");
    private final Calls calls = LINUX ? new Calls() : null;

    /** The handles, made only on Linux. */
    private static final class Calls {
        final MethodHandle epollCreate1 =
                Native.function(LibC.C, "epoll_create1", Native.returning(Native.INT, Native.INT), true);
        final MethodHandle epollCtl = Native.function(
                LibC.C,
                "epoll_ctl",
                Native.returning(Native.INT, Native.INT, Native.INT, Native.INT, Native.POINTER),
                true);
        final MethodHandle epollWait = Native.function(
                LibC.C,
                "epoll_wait",
                Native.returning(Native.INT, Native.INT, Native.POINTER, Native.INT, Native.INT),
                false);
        final MethodHandle eventfd =
                Native.function(LibC.C, "eventfd", Native.returning(Native.INT, Native.INT, Native.INT), true);
        final MethodHandle read = Native.function(
                LibC.C, "read", Native.returning(Native.SIZE_T, Native.INT, Native.POINTER, Native.SIZE_T), true);
        final MethodHandle write = Native.function(
                LibC.C, "write", Native.returning(Native.SIZE_T, Native.INT, Native.POINTER, Native.SIZE_T), true);
        final MethodHandle close = Native.function(LibC.C, "close", Native.returning(Native.INT, Native.INT), true);
        final MethodHandle setsockopt = Native.function(
                LibC.C,
                "setsockopt",
                Native.returning(Native.INT, Native.INT, Native.INT, Native.INT, Native.POINTER, Native.INT),
                true);
    }

    @Override
    public boolean available() {
        return LINUX;
    }

    @Override
    public int eventSize() {
        return X86_64 ? 12 : 16;
    }

    @Override
    public int dataOffset() {
        return X86_64 ? 4 : 8;
    }

    @Override
    public int epollCreate1(int flags) {
        try {
            return (int) calls.epollCreate1.invokeExact(flags);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, long event) {
        try {
            return (int) calls.epollCtl.invokeExact(epfd, op, fd, event);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int epollWait(int epfd, long events, int maxEvents, int timeoutMs) {
        try {
            return (int) calls.epollWait.invokeExact(epfd, events, maxEvents, timeoutMs);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int eventfd(int initialValue, int flags) {
        try {
            return (int) calls.eventfd.invokeExact(initialValue, flags);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public long read(int fd, long buffer, long count) {
        try {
            return (long) calls.read.invokeExact(fd, buffer, count);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public long write(int fd, long buffer, long count) {
        try {
            return (long) calls.write.invokeExact(fd, buffer, count);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int close(int fd) {
        try {
            return (int) calls.close.invokeExact(fd);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    @Override
    public int setsockopt(int fd, int level, int name, long value, int valueLength) {
        try {
            return (int) calls.setsockopt.invokeExact(fd, level, name, value, valueLength);
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }
}
