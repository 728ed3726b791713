package dev.curlmulti.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code bin/bench-websocket} (see {@link WebSocketBench} for the list), read once.
 *
 * @param sessions     WebSocket sessions each client opens and keeps open for the whole section
 * @param seconds      length of one measured run
 * @param warmup       seconds each worker echoes before its first measured run of a section
 * @param messageBytes size of every text message, in bytes
 * @param jdks         the JDKs the client workers run on, one report section each per mode
 * @param libcurls     the libcurls our clients run on, each once per libcurl ({@link Libcurl#parse}:
 *                     {@code --libcurls} as the script writes it, else the bench JVM's own)
 */
record WebSocketBenchOptions(int rounds, int sessions, double seconds, double warmup, int messageBytes,
                             List<String> clients, List<String> modes, List<Jdk> jdks, List<Libcurl> libcurls,
                             Path logs, Path out) {

    /** The default clients, ours first ({@code curl-ws-Nloops} may be asked for too); the last one is the reference. */
    static final List<String> ALL_CLIENTS = List.of("curl-ws", "curl-ws-1loop", "reactor-netty-ws");
    /** The client our rows are compared with. */
    static final String REFERENCE = "reactor-netty-ws";

    static WebSocketBenchOptions parse(Map<String, String> options) {
        List<String> defaultModes = Runtime.getRuntime().availableProcessors() >= 2
                ? List.of("unpinned", "pinned") : List.of("unpinned");
        List<String> clients = list(options.getOrDefault("clients", String.join(",", ALL_CLIENTS)));
        for (String client : clients) {
            if (!ALL_CLIENTS.contains(client)) {
                dev.curlmulti.bench.clients.WebSocketEchoClient.loops(client); // curl-ws-Nloops, or it throws
            }
        }
        String jdks = options.get("jdks");
        return new WebSocketBenchOptions(
                Integer.parseInt(options.getOrDefault("rounds", "3")),
                Integer.parseInt(options.getOrDefault("sessions", "1000")),
                Double.parseDouble(options.getOrDefault("seconds", "10")),
                Double.parseDouble(options.getOrDefault("warmup", "10")),
                Integer.parseInt(options.getOrDefault("message-bytes", "32")),
                clients,
                list(options.getOrDefault("modes", String.join(",", defaultModes))),
                jdks == null ? Jdks.defaults(Jdks.JVM_ROOT) : Jdks.parse(jdks, Jdks.JVM_ROOT),
                Libcurl.parse(options.get("libcurls"), null),
                Path.of(options.getOrDefault("logs", "multi-bench/target/bench-logs")),
                Path.of(options.getOrDefault("out", "bench-results")));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }
}
