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
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The WebSocket benchmark ({@code bin/bench-websocket}, issue 22): many sessions echoing small text
 * messages, ours ({@code CurlClient.websocket} on libcurl 8.14+, with the client's default loops
 * and with one loop) beside Reactor Netty's WebSocket client, against Reactor Netty's WebSocket
 * echo server in a JVM of its own. For each mode (unpinned, then server on core 0 and clients on
 * core 1) it starts the server, and for each worker JDK runs one {@link WebSocketSection}. Prints
 * the report and writes it to {@code bench-results/bench-DATE-websocket.md}.
 *
 * <pre>
 * bin/bench-websocket [--rounds=3] [--sessions=1000] [--seconds=10] [--warmup=10] [--message-bytes=32]
 *                     [--clients=curl-ws,curl-ws-1loop,reactor-netty-ws (and curl-ws-Nloops: N loops)]
 *                     [--modes=unpinned,pinned]
 *                     [--jdks=17,25 (feature versions under /usr/lib/jvm, or JDK homes)]
 *                     [--libcurls=NAME:FILE:LIBRARY_PATH:,... (the script writes it from --libcurls=8.14,bundled)]
 *                     [--logs=multi-bench/target/bench-logs] [--out=bench-results]
 * </pre>
 *
 * <p>Our clients run on each libcurl of {@code --libcurls} ({@link Libcurl}), labelled by it, or on the
 * bench JVM's own without it; each must have WebSocket support (8.14+ built with ws), or the bench stops
 * before starting anything. Without {@code --jdks} the workers run on this
 * JVM's JDK and the newest other one under {@code /usr/lib/jvm}; the server always runs on this one.
 */
public final class WebSocketBench {
    private WebSocketBench() {
    }

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
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String header = header(options);
        System.out.println(header);
        String body = WebSocketReport.render(run(options)) + "\nLoad average at the end: " + loadAverage() + ".\n";
        System.out.println(body);
        Path directory = Files.createDirectories(options.out());
        Path report = directory.resolve("bench-" + LocalDate.now() + "-websocket.md");
        Files.writeString(report, header + body);
        System.out.println("written to " + report);
    }

    /** Every section: per mode, a server, then each JDK's clients against it. */
    static List<WebSocketSection.Result> run(WebSocketBenchOptions options) throws IOException {
        Files.createDirectories(options.logs());
        List<WebSocketSection.Result> results = new ArrayList<>();
        for (String mode : options.modes()) {
            boolean pinned = mode.equals("pinned");
            List<String> serverPrefix = pinned ? List.of("taskset", "-c", "0") : List.of();
            List<String> clientPrefix = pinned ? List.of("taskset", "-c", "1") : List.of();
            try (WorkerProcess server = new WorkerProcess(WebSocketEchoServer.class, List.of(), "echo server", null,
                    Jdks.running(), serverPrefix, options.logs().resolve("websocket-server-" + mode + ".log"), null, 0)) {
                String uri = "ws://127.0.0.1:" + server.call("port")[0] + WebSocketEchoServer.PATH;
                for (Jdk jdk : options.jdks()) {
                    Section section = new Section(mode, jdk);
                    WebSocketSection.log("%s (%s)", section.title(), uri);
                    results.add(new WebSocketSection(options, section, clientPrefix, server, uri).run());
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
            throw new IllegalStateException("bin/bench-websocket needs libcurl 8.14+ built with ws; loaded " + curl.version()
                    + " from " + curl.file() + " (protocols " + curl.protocols() + "). bin/ensure-libcurl8 fetches 8.14.1;"
                    + " run through bin/bench-websocket, or pass -Ddev.curlmulti.libcurl=DIR/libcurl.so.4 with"
                    + " LD_LIBRARY_PATH=DIR.");
        }
        return curl;
    }

    private static String header(WebSocketBenchOptions options) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        return """
                ## WebSocket benchmark %s

                Machine: %d cores (%s), %s %s; load average at the start: %s.
                %s
                Versions: Reactor Netty %s (client and echo server); bench JVM and echo server
                %s %s; worker JDKs %s, worker flags %s.
                Run: %,d sessions per client, each echoing %d-byte text messages one at a time; %d rounds of %.0f s
                per client (clients alternate within each round), after %.0f s of warm-up per worker and JDK.
                Echo server: Reactor Netty's WebSocket server in its own JVM. Pinned: server on core 0, clients on core 1.
                Clients: curl-ws = CurlClient.websocket with the client's default loops (one per core: 2 unpinned,
                1 pinned), curl-ws-1loop = the same with loops(1) (unpinned only; curl-ws-Nloops: loops(N)), reactor-netty-ws =
                HttpClient.websocket() with its default event loops, on a pool holding every session.
                Started %s.

                """.formatted(LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpu,
                System.getProperty("os.name"), System.getProperty("os.version"), loadAverage(),
                libcurls(options.libcurls()), BenchMain.jarVersion(reactor.netty.http.client.HttpClient.class),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                options.jdks().stream().map(Jdk::label).collect(Collectors.joining(", ")),
                String.join(" ", WorkerProcess.JVM_FLAGS),
                options.sessions(), options.messageBytes(), options.rounds(), options.seconds(), options.warmup(),
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
    }

    /** The libcurls our clients ran on: one as a line, several one a line (their rows labelled [version]). */
    private static String libcurls(List<Libcurl> libcurls) {
        if (libcurls.size() == 1) {
            return "libcurl: " + libcurls.get(0).describe() + ".";
        }
        return "libcurls (our clients run on each, labelled [version], alternating with Reactor Netty, which runs"
                + " once):" + libcurls.stream().map(libcurl -> "\n- " + libcurl.describe())
                .collect(Collectors.joining());
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
