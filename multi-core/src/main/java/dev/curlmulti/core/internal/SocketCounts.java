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

    /** A count written by one thread, read by any. */
    public static final class Counter {
        private volatile long open;

        /** Sockets open now. */
        public long open() {
            return open;
        }
    }

    /** Counts this thread's socket events in {@code counter} from now on. */
    public static void bind(Counter counter) {
        CURRENT.set(counter);
    }

    static void opened() {
        Counter counter = CURRENT.get();
        if (counter != null) {
            counter.open++;
        }
    }

    static void closed() {
        Counter counter = CURRENT.get();
        if (counter != null) {
            counter.open--;
        }
    }
}
