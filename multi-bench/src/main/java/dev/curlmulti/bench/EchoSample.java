package dev.curlmulti.bench;

/**
 * One measured run of a WebSocket client ({@link WebSocketWorker}'s {@code run} answer), with how
 * busy the rest of the machine was meanwhile.
 *
 * @param elapsedNanos     length of the window the echoes were counted in
 * @param messages         echoes received in the window, by all sessions together
 * @param cpuNanos         the client process's CPU time (user + system, all threads) over the window
 * @param fewestPerSession the fewest echoes one session received in the run (0 would mean a starved session)
 * @param othersCores      cores busy outside the client and server processes meanwhile ({@link MachineLoad})
 */
record EchoSample(long elapsedNanos, long messages, long cpuNanos, long fewestPerSession, double othersCores) {

    /** {@code run}'s answer: {@code ELAPSED_NS MESSAGES CPU_NS FEWEST_PER_SESSION}. */
    static EchoSample fromWorker(String[] fields, double othersCores) {
        if (fields.length < 4) {
            throw new IllegalArgumentException("run answered " + fields.length + " fields, expected 4");
        }
        return new EchoSample(
                Long.parseLong(fields[0]),
                Long.parseLong(fields[1]),
                Long.parseLong(fields[2]),
                Long.parseLong(fields[3]),
                othersCores);
    }

    /** Echoed messages per second. */
    double rate() {
        return messages / (elapsedNanos / 1e9);
    }

    /** CPU microseconds per echoed message (one sent and one received). */
    double cpuMicrosPerMessage() {
        return messages == 0 ? Double.NaN : cpuNanos / 1e3 / messages;
    }
}
