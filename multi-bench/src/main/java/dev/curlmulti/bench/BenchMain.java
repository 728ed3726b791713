package dev.curlmulti.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The benchmark against the peers ({@code bin/bench}). For each mode (unpinned,
 * then server on core 0 and clients on core 1) it starts nginx, and for each worker JDK runs one
 * report section ({@link SectionRun}): one JVM per Java client on that JDK, each warmed up
 * in-process, every workload A B C A B C over the rounds so that drift hits all clients alike,
 * with the C program and wrk as ceilings; (f) with a fresh JVM per client; the (c) receive-buffer
 * sweep when asked for. Prints the report and writes it to {@code bench-results/}.
 *
 * <pre>
 * bin/bench [--rounds=3] [--scale=1.0] [--warmup=10] [--workloads=a,b,c,d,e,f]
 *           [--clients=curl-flux,curl-chunks,curl-file,curl-multi,reactor-netty,reactor-netty-1.3,jdk,jetty,
 *                      webclient-curl,webclient-netty,webclient-curl-spring7,webclient-netty-spring7,c,c-file,wrk]
 *           [--modes=unpinned,pinned] [--jdks=17,25 (feature versions under /usr/lib/jvm, or JDK homes)]
 *           [--wrk-seconds=5] [--hold-seconds=10] [--jfr=false]
 *           [--receive-buffer=0 (bytes; CURLOPT_BUFFERSIZE for ours and the C program, 0 = libcurl's 16 KiB)]
 *           [--receive-buffers=16384,65536,262144,524288 ((c) sweep for curl-flux, curl-multi and c; default none)]
 *           [--libcurls=NAME:FILE:LIBRARY_PATH:C_BINARY,... (bin/bench writes it from --libcurls=8.14,bundled)]
 *           [--c-binary=multi-bench/target/curl_multi_bench (the C program of a libcurl naming none)]
 *           [--logs=multi-bench/target/bench-logs] [--out=bench-results]
 * </pre>
 *
 * <p>With several {@code --libcurls} ({@link Libcurl}), every client that loads libcurl (ours and the
 * C program) runs once per libcurl in the same rounds, labelled {@code curl-flux [8.14.1]}, and the
 * targets are judged once per libcurl; the peers run once. Without it, the bench JVM's own libcurl.
 *
 * <p>Without {@code --jdks} the workers run on the JDK this runs on and on the newest other JDK
 * under {@code /usr/lib/jvm} (as {@code bin/newest-jdk} finds it), when there is one. Workers on a
 * JDK 22+ get {@code --enable-native-access=ALL-UNNAMED}; {@code -Ddev.curlmulti.binding=jna}
 * given to this JVM is passed on to every worker. The WebClient clients run (a), (c) and (d) only;
 * curl-file and c-file (c) and (d); curl-chunks (curl-flux reading the pooled body chunks) (a) to (d).
 * reactor-netty is Reactor Netty 1.2 on Netty 4.1 and the WebClient clients are on Spring 6.2 (this
 * JVM's class path); reactor-netty-1.3 (Netty 4.2) and the {@code -spring7} WebClient clients
 * (Spring 7, Reactor Netty 1.3) run the same client code in workers on class paths of their own
 * ({@link WorkerClassPath}); each section names the versions every worker loaded. "vs Reactor
 * Netty" in the ratios and targets is the faster generation.
 */
public final class BenchMain {
    private final BenchOptions options;
    private final Results results = new Results();

    private BenchMain(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options look like --name=value, got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        new BenchMain(BenchOptions.parse(options)).run();
    }

    private void run() throws Exception {
        Files.createDirectories(options.logs());
        String header = header();
        System.out.println(header);
        List<Section> sections = new ArrayList<>();
        boolean largeFile = options.measures(Workload.C) || options.sweeps();
        for (String mode : options.modes()) {
            boolean pinned = mode.equals("pinned");
            List<String> serverPrefix = pinned ? List.of("taskset", "-c", "0") : List.of();
            List<String> clientPrefix = pinned ? List.of("taskset", "-c", "1") : List.of();
            try (BenchServer server = new BenchServer(serverPrefix, largeFile)) {
                for (Jdk jdk : options.jdks()) {
                    Section section = new Section(mode, jdk);
                    sections.add(section);
                    new SectionRun(new Harness(options, server, section, clientPrefix, results)).run();
                }
            }
        }
        String body = results.render(sections, options.workloads());
        Path directory = Files.createDirectories(options.out());
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
        Files.writeString(directory.resolve("bench-" + stamp + ".md"), header + body);
        Files.writeString(directory.resolve("latest.md"), header + body);
        System.out.println(body);
        System.out.println("written to " + directory.resolve("bench-" + stamp + ".md"));
    }

    private String header() throws IOException, InterruptedException {
        List<Libcurl> libcurls = options.libcurls();
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name"))
                .findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .orElse("unknown CPU");
        String jdks = options.jdks().stream().map(Jdk::label).collect(Collectors.joining(", "));
        String sweep = options.receiveBuffers().isEmpty()
                ? ""
                : "(c) receive-buffer sweep: "
                        + options.receiveBuffers().stream().map(Format::kib).collect(Collectors.joining(", "))
                        + " for " + String.join(", ", ReceiveBufferSweep.CLIENTS) + ".\n";
        return """
                ## Benchmark %s

                Machine: %d cores (%s), %s %s; bench JVM %s %s, worker flags %s.
                Worker JDKs: %s (a report section per JDK per mode; the JDK HttpClient is the worker JDK's).
                %s
                Versions: nginx %s, Reactor Netty %s, Jetty %s, Spring Framework %s, wrk %s
                (reactor-netty-1.3 and the -spring7 clients: the libraries each section lists).
                Run: %d rounds per workload (clients alternate within each round), scale %.2f, warm-up %.0f s per JVM
                plus %.1f s per workload, wrk %d s per run; nginx 1 worker. Pinned: nginx on core 0, clients on core 1.
                libcurl receive buffer (ours and the C program): %s.
                %s""".formatted(
                LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE),
                Runtime.getRuntime().availableProcessors(),
                cpu,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                String.join(" ", WorkerProcess.JVM_FLAGS),
                jdks,
                Libcurl.describeAll(
                        libcurls,
                        "our clients and the C program run on each, labelled [version],"
                                + " alternating with the peers, which run once"),
                firstLine("nginx", "-v"),
                jarVersion(reactor.netty.http.client.HttpClient.class),
                jarVersion(org.eclipse.jetty.client.HttpClient.class),
                jarVersion(org.springframework.web.reactive.function.client.WebClient.class),
                firstLine("wrk", "-v"),
                options.rounds(),
                options.scale(),
                options.warmupSeconds(),
                options.warmupSeconds() / 3,
                options.wrkSeconds(),
                options.receiveBuffer() > 0 ? Format.kib(options.receiveBuffer()) : defaultReceiveBuffers(libcurls),
                sweep);
    }

    /** What each side uses without {@code --receive-buffer}: ours chooses by libcurl version (CurlClient). */
    private static String defaultReceiveBuffers(List<Libcurl> libcurls) {
        List<String> buffers = libcurls.stream()
                .map(libcurl -> (libcurls.size() == 1 ? "" : libcurl.tag() + ": ")
                        + (libcurl.curl().isAtLeast(8, 7, 0)
                                ? "the defaults: ours 128 KiB (libcurl 8.7+), the C program libcurl's 16 KiB"
                                : "the defaults, libcurl's 16 KiB for both"))
                .distinct()
                .toList();
        return String.join("; ", buffers);
    }

    static String jarVersion(Class<?> type) {
        return dev.curlmulti.bench.clients.Libraries.version(type);
    }

    private static String firstLine(String... command) throws InterruptedException {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            String line = output.lines().findFirst().orElse("?");
            return line.replaceAll("^nginx version: nginx/", "").replaceAll("^wrk ([^ ]+).*", "$1");
        } catch (IOException e) {
            return "not installed";
        }
    }
}
