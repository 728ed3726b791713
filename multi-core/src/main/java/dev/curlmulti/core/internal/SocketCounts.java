package dev.curlmulti.core.internal;

/**
 * Sockets open per thread, as libcurl's socket callbacks report them
 * ({@link EasyOptions#countSockets()}). libcurl opens and closes a connection's socket inside calls
 * made by the thread that drives the multi handle owning the connection, so a loop binds its own
 * {@link Counter} to its thread and reads it from anywhere; sockets opened or closed on a thread
 * without a counter are not counted.
 */
public final class SocketCounts {
    private static final ThreadLocal<Counter> CURRENT = new ThreadLocal<>();

    private SocketCounts() {}

    /**
     * Hears each socket the counter counts, on the counting thread, inside libcurl's callback: it
     * must be quick, must not call libcurl, and must not throw.
     */
    public interface Listener {
        /** libcurl made socket {@code fd} for the transfer of the handle whose callback id is {@code id}. */
        void opened(int fd, long id);

        /** libcurl closes socket {@code fd}. */
        void closed(int fd);
    }

    /** A count written by one thread, read by any. */
    public static final class Counter {
        private final Listener listener;
        private volatile long open;

        /** A counter alone. */
        public Counter() {
            this(null);
        }

        /** A counter that also tells {@code listener} (null: nobody) of each socket. */
        public Counter(Listener listener) {
            this.listener = listener;
        }

        /** Sockets open now. */
        public long open() {
            return open;
        }
    }

    /** Counts this thread's socket events in {@code counter} from now on. */
    public static void bind(Counter counter) {
        CURRENT.set(counter);
    }

    static void opened(int fd, long id) {
        Counter counter = CURRENT.get();
        if (counter != null) {
            counter.open++;
            if (counter.listener != null) {
                counter.listener.opened(fd, id);
            }
        }
    }

    static void closed(int fd) {
        Counter counter = CURRENT.get();
        if (counter != null) {
            counter.open--;
            if (counter.listener != null) {
                counter.listener.closed(fd);
            }
        }
    }
}
