package dev.curlmulti.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The head of {@code bin/bench-websocket}'s report: the machine, the versions, the sweep, how the
 * sessions are opened and measured, and the open-file limit it runs under.
 */
final class WebSocketHeader {
    private WebSocketHeader() {}

    static String render(WebSocketBenchOptions options) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name"))
                .findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .orElse("unknown CPU");
        OpenFiles limits = OpenFiles.current();
        return """
                ## WebSocket benchmark %s

                Machine: %d cores (%s), %s %s; load average at the start: %s.
                %s
                Versions: echo server Reactor Netty %s on the bench JVM, %s %s;
                worker JDKs %s, worker flags %s; each client's libraries are listed under the tables.
                Run: %s sessions per client (a report section each), each session echoing text messages of %s
                one at a time; rounds: %d per client, each with a run of %.0f s per message size (clients alternate
                within each round), after %.0f s of warm-up per message size in a worker's first round and %.0f s
                in later ones.
                Sessions: in each round a client's worker opens all the section's sessions (a few dozen handshakes
                at a time; the time to open them is one sample), echoes each message size, and closes them again,
                so that only one client's sessions are open at a time: the echo server never holds more than one
                client's %,d. Memory per idle session: a worker's resident set (VmRSS, after System.gc()) after its
                first open minus before it, over the sessions, before any echo; that first open follows %d sessions
                opened and closed, so that class loading and one-time set-up do not count.
                Open files: limit %s in the bench JVM (bin/bench-websocket raises ulimit -n to the
                hard limit; the echo server and the workers inherit it and report theirs below); the sweep needs
                %,d in the echo server and in each worker (%,d sessions + %d).
                Echo server: Reactor Netty's WebSocket server in its own JVM. Pinned: server on core 0, clients on
                core 1.
                Clients: curl-ws = CurlClient.websocket with the client's default loops (one per core: 2 unpinned,
                1 pinned), curl-ws-1loop = the same with loops(1) (unpinned only; curl-ws-Nloops: loops(N)),
                reactor-netty-1.2-ws and reactor-netty-1.3-ws = HttpClient.websocket() of Reactor Netty 1.2 (Netty
                4.1) and 1.3 (Netty 4.2, on a class path of its own) with its default event loops, on a pool
                holding every session.
                Started %s.

                """.formatted(
                        LocalDate.now(),
                        Runtime.getRuntime().availableProcessors(),
                        cpu,
                        System.getProperty("os.name"),
                        System.getProperty("os.version"),
                        WebSocketBench.loadAverage(),
                        Libcurl.describeAll(
                                options.libcurls(),
                                "our clients run on each, labelled [version],"
                                        + " alternating with Reactor Netty, which runs once"),
                        BenchMain.jarVersion(reactor.netty.http.client.HttpClient.class),
                        System.getProperty("java.vm.name"),
                        System.getProperty("java.version"),
                        options.jdks().stream().map(Jdk::label).collect(Collectors.joining(", ")),
                        String.join(" ", WorkerProcess.JVM_FLAGS),
                        counts(options.sessions()),
                        options.messageBytes().stream()
                                .map(bytes -> Format.bytes(bytes))
                                .collect(Collectors.joining(", ")),
                        options.rounds(),
                        options.seconds(),
                        options.warmup(),
                        Math.min(options.warmup(), WebSocketClientRun.REWARM_SECONDS),
                        options.maxSessions(),
                        WebSocketWorker.PRIMER,
                        limits.describe(),
                        OpenFiles.needed(options.maxSessions()),
                        options.maxSessions(),
                        OpenFiles.MARGIN,
                        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
    }

    private static String counts(List<Integer> sessions) {
        return sessions.stream()
                .map(count -> String.format(Locale.ROOT, "%,d", count))
                .collect(Collectors.joining(", "));
    }
}
