package dev.curlmulti.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A process's open-file limit ({@code RLIMIT_NOFILE}, as {@code /proc/self/limits} shows it) and what
 * {@code bin/bench-websocket} needs of it. Only one client's sessions are open at a time (each client run
 * opens them and closes them again), so the echo server and each worker hold at most the sweep's largest
 * session count of sockets, plus what a JVM keeps open anyway (jars, epoll and event descriptors, pipes).
 *
 * @param soft the limit in force ({@code ulimit -n}); {@link Long#MAX_VALUE} when unlimited
 * @param hard the ceiling an unprivileged process may raise it to ({@code ulimit -Hn})
 */
record OpenFiles(long soft, long hard) {
    /** Descriptors a worker or the echo server holds besides its sessions' sockets (about 100 measured). */
    static final int MARGIN = 256;

    /** This process's limits. */
    static OpenFiles current() {
        try {
            return parse(Files.readString(Path.of("/proc/self/limits")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/limits", e);
        }
    }

    /** The "Max open files" line of a {@code /proc/PID/limits} text. */
    static OpenFiles parse(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] fields =
                        line.substring("Max open files".length()).trim().split("\\s+");
                return new OpenFiles(value(fields[0]), value(fields[1]));
            }
        }
        throw new IllegalArgumentException("no \"Max open files\" line in the limits");
    }

    /** What one process needs to hold {@code sessions} sessions. */
    static long needed(int sessions) {
        return (long) sessions + MARGIN;
    }

    /**
     * Throws with what to do unless a process with these limits can hold {@code sessions} sessions:
     * the hard limit decides, since {@code bin/bench-websocket} raises the soft one to it.
     */
    void require(int sessions) {
        if (hard < needed(sessions)) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "bin/bench-websocket: %,d sessions need an open-file limit of at least %,d"
                            + " in the echo server and in each worker (%,d sockets + %d),"
                            + " but the hard limit here is %,d (ulimit -Hn)."
                            + " Raise it (as root: ulimit -Hn %d before the script,"
                            + " or LimitNOFILE= / nofile in limits.conf)"
                            + " or sweep fewer sessions (--sessions=...).",
                    sessions,
                    needed(sessions),
                    sessions,
                    MARGIN,
                    hard,
                    needed(sessions)));
        }
    }

    /** Throws unless the limit in force lets this process hold {@code sessions} sessions. */
    void requireSoft(String process, int sessions) {
        if (soft < needed(sessions)) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "%s may open %,d files (ulimit -n), %,d"
                            + " sessions need %,d: run through bin/bench-websocket, which raises it to the hard limit",
                    process,
                    soft,
                    sessions,
                    needed(sessions)));
        }
    }

    /** For the report: {@code 20,000 (hard 20,000)}. */
    String describe() {
        return number(soft) + " (hard " + number(hard) + ")";
    }

    private static String number(long value) {
        return value == Long.MAX_VALUE ? "unlimited" : String.format(Locale.ROOT, "%,d", value);
    }

    private static long value(String field) {
        return field.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(field);
    }
}
