package dev.curlmulti.bench;

import dev.curlmulti.bench.clients.WebSocketEchoClients;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code bin/bench-websocket} (see {@link WebSocketBench} for the list), read once.
 *
 * @param sessions     the session counts of the sweep, one report section each per JDK and mode; every
 *                     client opens that many sessions for each of its runs
 * @param seconds      length of one measured run
 * @param warmup       seconds each worker echoes each message size before its first measured run of a section
 * @param messageBytes the sizes of the text messages, each measured in every run of a client
 * @param clients      the clients, old names ({@code reactor-netty-ws}) already replaced by today's
 * @param jdks         the JDKs the client workers run on, one report section each per mode and session count
 * @param libcurls     the libcurls our clients run on, each once per libcurl ({@link Libcurl#parse}:
 *                     {@code --libcurls} as the script writes it, else the bench JVM's own)
 */
record WebSocketBenchOptions(
        int rounds,
        List<Integer> sessions,
        double seconds,
        double warmup,
        List<Integer> messageBytes,
        List<String> clients,
        List<String> modes,
        List<Jdk> jdks,
        List<Libcurl> libcurls,
        Path logs,
        Path out) {

    /** Reactor Netty's WebSocket clients, 1.2 (Netty 4.1) and 1.3 (Netty 4.2); the targets' peer is the faster. */
    static final List<String> REACTOR_NETTY = List.of("reactor-netty-1.2-ws", "reactor-netty-1.3-ws");
    /** The default clients, ours first ({@code curl-ws-Nloops} may be asked for too). */
    static final List<String> ALL_CLIENTS =
            List.of("curl-ws", "curl-ws-1loop", REACTOR_NETTY.get(0), REACTOR_NETTY.get(1));
    /** Names the bench answered to before, and the clients they are now. */
    static final Map<String, String> OLD_NAMES = Map.of("reactor-netty-ws", REACTOR_NETTY.get(0));

    static final String DEFAULT_SESSIONS = "100,1000,10000";
    static final String DEFAULT_MESSAGE_BYTES = "32,16384";

    static WebSocketBenchOptions parse(Map<String, String> options) {
        List<String> defaultModes =
                Runtime.getRuntime().availableProcessors() >= 2 ? List.of("unpinned", "pinned") : List.of("unpinned");
        List<String> clients = list(options.getOrDefault("clients", String.join(",", ALL_CLIENTS))).stream()
                .map(client -> OLD_NAMES.getOrDefault(client, client))
                .distinct()
                .toList();
        for (String client : clients) {
            if (!ALL_CLIENTS.contains(client)) {
                WebSocketEchoClients.loops(client); // curl-ws-Nloops, or it throws
            }
        }
        String jdks = options.get("jdks");
        return new WebSocketBenchOptions(
                Integer.parseInt(options.getOrDefault("rounds", "3")),
                positives("sessions", options.getOrDefault("sessions", DEFAULT_SESSIONS)),
                Double.parseDouble(options.getOrDefault("seconds", "10")),
                Double.parseDouble(options.getOrDefault("warmup", "10")),
                positives("message-bytes", options.getOrDefault("message-bytes", DEFAULT_MESSAGE_BYTES)),
                clients,
                list(options.getOrDefault("modes", String.join(",", defaultModes))),
                jdks == null ? Jdks.defaults(Jdks.JVM_ROOT) : Jdks.parse(jdks, Jdks.JVM_ROOT),
                Libcurl.parse(options.get("libcurls"), null),
                Path.of(options.getOrDefault("logs", "multi-bench/target/bench-logs")),
                Path.of(options.getOrDefault("out", "bench-results")));
    }

    /** The most sessions one client opens (the open-file limit must allow for it). */
    int maxSessions() {
        return Collections.max(sessions);
    }

    /** Whether {@code client} is one of Reactor Netty's (else ours). */
    static boolean reactorNetty(String client) {
        return REACTOR_NETTY.contains(client);
    }

    /** A comma list of whole numbers above 0, in the given order, each once. */
    static List<Integer> positives(String option, String value) {
        List<Integer> numbers;
        try {
            numbers = list(value).stream().map(Integer::valueOf).distinct().toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + option + " takes whole numbers separated by commas, got " + value);
        }
        if (numbers.isEmpty() || numbers.stream().anyMatch(number -> number <= 0)) {
            throw new IllegalArgumentException("--" + option + " takes numbers above 0, got " + value);
        }
        return numbers;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
    }
}
