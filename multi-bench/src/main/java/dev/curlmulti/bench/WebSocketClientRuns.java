package dev.curlmulti.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one client measured in one section of {@code bin/bench-websocket}, filled in as its runs come:
 * per message size its measured runs, the time each of its runs took to open all sessions, and what
 * the sessions of its first open held in memory.
 */
final class WebSocketClientRuns {
    final String label;
    final String client;
    /** The peers' libraries its worker loaded ({@code Reactor Netty 1.3.8, Netty 4.2.18.Final}), or empty. */
    String versions = "";
    /** Each message size's measured runs, in the sizes' order. */
    final Map<Integer, List<EchoSample>> samples = new LinkedHashMap<>();
    /** Milliseconds to open every session, one per run (round). */
    final List<Long> openMillis = new ArrayList<>();
    /** Resident-set growth per session over the first open, in bytes; NaN until measured. */
    double rssBytesPerSession = Double.NaN;
    /** The worker's open descriptors with its sessions open (first open), or -1. */
    long openFiles = -1;

    /**
     * @param label  the report's name for it: {@code curl-ws [8.14.1]}, or the bare client name
     * @param client the client ({@code curl-ws}, {@code reactor-netty-1.3-ws}, ...)
     */
    WebSocketClientRuns(String label, String client, List<Integer> messageBytes) {
        this.label = label;
        this.client = client;
        messageBytes.forEach(bytes -> samples.put(bytes, new ArrayList<>()));
    }

    /** Records an {@code open} answer: {@code MILLIS RSS_BEFORE_KIB RSS_AFTER_KIB OPEN_FILES}. */
    void opened(String[] answer, int sessions) {
        openMillis.add(Long.parseLong(answer[0]));
        if (Double.isNaN(rssBytesPerSession)) {
            rssBytesPerSession = (Long.parseLong(answer[2]) - Long.parseLong(answer[1])) * 1024.0 / sessions;
            openFiles = Long.parseLong(answer[3]);
        }
    }

    /** The median of the measured runs at {@code bytes}: echoes per second; NaN without runs. */
    double medianRate(int bytes) {
        return Results.median(samples.getOrDefault(bytes, List.of()), EchoSample::rate);
    }

    /** The median CPU microseconds per message at {@code bytes}; NaN without runs. */
    double medianCpu(int bytes) {
        return Results.median(samples.getOrDefault(bytes, List.of()), EchoSample::cpuMicrosPerMessage);
    }

    /** The median time to open all sessions, in milliseconds; NaN without an open. */
    double medianOpenMillis() {
        return Results.median(openMillis, Long::doubleValue);
    }

    /** Whether it has measured runs. */
    boolean measured() {
        return samples.values().stream().anyMatch(runs -> !runs.isEmpty());
    }
}
