package dev.curlmulti.bench;

import dev.curlmulti.core.CurlVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The WebSocket benchmark ({@code bin/bench-websocket}): many sessions echoing text messages,
 * ours ({@code CurlClient.websocket} on libcurl 8.14+, with the client's default loops and with one
 * loop) beside Reactor Netty's WebSocket client (1.2 on Netty 4.1 and 1.3 on Netty 4.2), against
 * Reactor Netty's WebSocket echo server in a JVM of its own. For each mode (unpinned, then server on
 * core 0 and clients on core 1) it starts the server, and for each worker JDK and each session count
 * runs one {@link WebSocketSection}. Prints the report, the targets last ({@link WebSocketTargets}), and
 * writes it to {@code bench-results/bench-DATE-websocket.md} ({@code bench-DATE-HHMM-websocket.md} when
 * that exists).
 *
 * <pre>
 * bin/bench-websocket [--sessions=100,1000,10000] [--message-bytes=32,16384] [--rounds=3] [--seconds=10]
 *                     [--warmup=10]
 *                     [--clients=curl-ws,curl-ws-1loop,reactor-netty-1.2-ws,reactor-netty-1.3-ws
 *                      (and curl-ws-Nloops: N loops; reactor-netty-ws is reactor-netty-1.2-ws)]
 *                     [--modes=unpinned,pinned]
 *                     [--jdks=17,25 (feature versions under /usr/lib/jvm, or JDK homes)]
 *                     [--libcurls=NAME:FILE:LIBRARY_PATH:,... (the script writes it from --libcurls=8.14,bundled)]
 *                     [--logs=multi-bench/target/bench-logs] [--out=bench-results]
 * </pre>
 *
 * <p>Our clients run on each libcurl of {@code --libcurls} ({@link Libcurl}), labelled by it, or on the
 * bench JVM's own without it; each must have WebSocket support (8.14+ built with ws), or the bench stops
 * before starting anything; so it does when the open-file limit cannot hold the largest session count
 * ({@link OpenFiles}). Without {@code --jdks} the workers run on this JVM's JDK and the newest other one
 * under {@code /usr/lib/jvm}; the server always runs on this one.
 */
public final class WebSocketBench {
    private WebSocketBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options look like --name=value, got " + arg);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        WebSocketBenchOptions options;
        try {
            options = WebSocketBenchOptions.parse(given);
            options.libcurls().forEach(libcurl -> requireWebSocket(libcurl.curl()));
            OpenFiles.current().require(options.maxSessions());
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long start = System.nanoTime();
        String header = WebSocketHeader.render(options);
        System.out.println(header);
        List<WebSocketResult> results = run(options);
        String body = WebSocketReport.render(results)
                + String.format(
                        Locale.ROOT,
                        "%nLoad average at the end: %s. The run took %.1f minutes.%n",
                        loadAverage(),
                        (System.nanoTime() - start) / 60e9)
                + WebSocketTargets.render(results);
        System.out.println(body);
        Path directory = Files.createDirectories(options.out());
        Path report = directory.resolve("bench-" + LocalDate.now() + "-websocket.md");
        if (Files.exists(report)) { // an earlier run of the day keeps its report
            report = directory.resolve("bench-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + "-websocket.md");
        }
        Files.writeString(report, header + body);
        System.out.println("written to " + report);
    }

    /** Every section: per mode, a server, then each JDK's clients against it at each session count. */
    static List<WebSocketResult> run(WebSocketBenchOptions options) throws IOException {
        Files.createDirectories(options.logs());
        List<WebSocketResult> results = new ArrayList<>();
        for (String mode : options.modes()) {
            boolean pinned = mode.equals("pinned");
            List<String> serverPrefix = pinned ? List.of("taskset", "-c", "0") : List.of();
            List<String> clientPrefix = pinned ? List.of("taskset", "-c", "1") : List.of();
            try (WorkerProcess server = new WorkerProcess(
                    WebSocketEchoServer.class,
                    List.of(),
                    "echo server",
                    null,
                    Jdks.running(),
                    serverPrefix,
                    options.logs().resolve("websocket-server-" + mode + ".log"),
                    null,
                    0)) {
                String[] limits = server.call("limits");
                new OpenFiles(Long.parseLong(limits[0]), Long.parseLong(limits[1]))
                        .requireSoft("the echo server", options.maxSessions());
                String uri = "ws://127.0.0.1:" + server.call("port")[0] + WebSocketEchoServer.PATH;
                for (Jdk jdk : options.jdks()) {
                    for (int sessions : options.sessions()) {
                        Section section = new Section(mode, jdk);
                        long start = System.nanoTime();
                        WebSocketSection.log(
                                "%s, %,d sessions (%s; echo server's open-file limit %s)",
                                section.title(), sessions, uri, limits[0]);
                        results.add(new WebSocketSection(options, section, sessions, clientPrefix, server, uri).run());
                        WebSocketSection.log("  section took %.0f s", (System.nanoTime() - start) / 1e9);
                    }
                }
            }
        }
        return results;
    }

    /** This JVM's libcurl, if it can open WebSocket sessions; otherwise stops with what to do. */
    static CurlVersion requireWebSocket() {
        return requireWebSocket(CurlVersion.current());
    }

    /** {@code curl}, if it can open WebSocket sessions; otherwise stops with what to do. */
    static CurlVersion requireWebSocket(CurlVersion curl) {
        if (!curl.isAtLeast(8, 14, 0) || !curl.protocols().contains("ws")) {
            throw new IllegalStateException("bin/bench-websocket needs libcurl 8.14+ built with ws; loaded "
                    + curl.version() + " from " + curl.file() + " (protocols " + curl.protocols() + ")."
                    + " bin/ensure-libcurl8 fetches 8.14.1; run through bin/bench-websocket, or pass"
                    + " -Ddev.curlmulti.libcurl=DIR/libcurl.so.4 with LD_LIBRARY_PATH=DIR.");
        }
        return curl;
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
