package dev.curlmulti.core.loop;

import dev.curlmulti.core.internal.MultiHandle;
import dev.curlmulti.core.internal.NativeBinding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code curl_multi_perform} + {@code curl_multi_poll}, woken by {@code curl_multi_wakeup}. Sockets
 * libcurl handed over ({@link #watch}) go into the poll as its extra descriptors.
 */
final class PollDriver implements LoopDriver {
    private static final NativeBinding NATIVE = NativeBinding.get();
    /** {@code struct curl_waitfd { curl_socket_t fd; short events; short revents; }}. */
    private static final int WAITFD_SIZE = 8;

    private static final short CURL_WAIT_POLLIN = 0x0001;
    private static final short CURL_WAIT_POLLOUT = 0x0004;

    private final MultiHandle multi;
    /** Watched descriptor → its interest and owner, in the order they were first watched. */
    private final Map<Integer, Watch> watched = new LinkedHashMap<>();
    /** The owners whose sockets the last wait found ready, told at the next perform. */
    private final List<Ready> ready = new ArrayList<>();

    private record Watch(int events, SocketWatcher watcher) {}

    private record Ready(int fd, SocketWatcher watcher, boolean readable, boolean writable) {}

    PollDriver(MultiHandle multi) {
        this.multi = multi;
    }

    @Override
    public void perform() {
        if (!ready.isEmpty()) {
            List<Ready> now = new ArrayList<>(ready);
            ready.clear();
            for (Ready r : now) {
                Watch current = watched.get(r.fd());
                if (current != null && current.watcher() == r.watcher()) {
                    r.watcher().ready(r.readable(), r.writable());
                }
            }
        }
        multi.perform();
    }

    @Override
    public void await(long maxMillis) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(0, maxMillis));
        if (watched.isEmpty()) {
            multi.poll(timeout);
            return;
        }
        int count = watched.size();
        long fds = NATIVE.malloc((long) count * WAITFD_SIZE);
        try {
            ByteBuffer view = NATIVE.view(fds, (long) count * WAITFD_SIZE).order(ByteOrder.nativeOrder());
            int i = 0;
            for (Map.Entry<Integer, Watch> entry : watched.entrySet()) {
                int events = entry.getValue().events();
                view.putInt(i * WAITFD_SIZE, entry.getKey());
                view.putShort(i * WAITFD_SIZE + 4, (short) (((events & SocketWatcher.READ) != 0 ? CURL_WAIT_POLLIN : 0)
                        | ((events & SocketWatcher.WRITE) != 0 ? CURL_WAIT_POLLOUT : 0)));
                view.putShort(i * WAITFD_SIZE + 6, (short) 0);
                i++;
            }
            multi.poll(fds, count, timeout);
            for (i = 0; i < count; i++) {
                short revents = view.getShort(i * WAITFD_SIZE + 6);
                if (revents != 0) {
                    int fd = view.getInt(i * WAITFD_SIZE);
                    // Anything but in/out (an error, a hang-up) counts as both: the owner finds out.
                    boolean other = (revents & ~(CURL_WAIT_POLLIN | CURL_WAIT_POLLOUT)) != 0;
                    ready.add(new Ready(
                            fd,
                            watched.get(fd).watcher(),
                            other || (revents & CURL_WAIT_POLLIN) != 0,
                            other || (revents & CURL_WAIT_POLLOUT) != 0));
                }
            }
        } finally {
            NATIVE.free(fds);
        }
    }

    @Override
    public void watch(int fd, int events, SocketWatcher watcher) {
        if (events == 0) {
            watched.remove(fd);
        } else {
            watched.put(fd, new Watch(events, watcher));
        }
    }

    @Override
    public SocketWatcher watcher(int fd) {
        Watch watch = watched.get(fd);
        return watch == null ? null : watch.watcher();
    }

    @Override
    public void wakeup() {
        try {
            multi.wakeup();
        } catch (IllegalStateException closed) {
            // the loop has ended; nobody waits any more
        }
    }

    @Override
    public void close() {}
}
