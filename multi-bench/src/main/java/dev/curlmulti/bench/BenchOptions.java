package dev.curlmulti.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of {@code bin/bench} (see {@link BenchMain} for the list), read once.
 *
 * @param receiveBuffer  CURLOPT_BUFFERSIZE for our clients and the C program alike; 0 = libcurl's 16 KiB
 * @param receiveBuffers the sizes of the (c) receive-buffer sweep; empty = no sweep
 * @param jdks           the JDKs the Java workers run on, one report section each per mode
 * @param libcurls       the libcurls our clients and the C program run on, each client once per libcurl
 *                       ({@link Libcurl#parse}: {@code --libcurls} as the scripts write it, else the bench
 *                       JVM's own with the C program at {@code --c-binary})
 */
record BenchOptions(
        int rounds,
        double scale,
        double warmupSeconds,
        int wrkSeconds,
        double holdSeconds,
        List<Workload> workloads,
        List<String> clients,
        List<String> modes,
        List<Jdk> jdks,
        int receiveBuffer,
        List<Integer> receiveBuffers,
        List<Libcurl> libcurls,
        Path logs,
        Path out,
        boolean jfr) {

    static final List<String> ALL_CLIENTS = List.of(
            "curl-flux",
            "curl-chunks",
            "curl-flux-timings",
            "curl-flux-metrics",
            "curl-file",
            "curl-multi",
            "reactor-netty",
            "reactor-netty-1.3",
            "jdk",
            "jetty",
            "webclient-curl",
            "webclient-netty",
            "webclient-curl-spring7",
            "webclient-netty-spring7",
            "c",
            "c-file",
            "wrk");
    /** Clients that are not Java workers: they run the same on every JDK. */
    static final List<String> EXTERNAL = List.of("c", "c-file", "wrk");

    static BenchOptions parse(Map<String, String> options) {
        List<String> clients = list(options.getOrDefault("clients", String.join(",", ALL_CLIENTS)));
        List<String> defaultModes =
                Runtime.getRuntime().availableProcessors() >= 2 ? List.of("unpinned", "pinned") : List.of("unpinned");
        return new BenchOptions(
                Integer.parseInt(options.getOrDefault("rounds", "3")),
                Double.parseDouble(options.getOrDefault("scale", "1.0")),
                Double.parseDouble(options.getOrDefault("warmup", "10")),
                Integer.parseInt(options.getOrDefault("wrk-seconds", "5")),
                Double.parseDouble(options.getOrDefault("hold-seconds", "10")),
                list(options.getOrDefault("workloads", "a,b,c,d,e,f")).stream()
                        .map(letter -> Workload.valueOf(letter.toUpperCase(Locale.ROOT)))
                        .toList(),
                clients,
                list(options.getOrDefault("modes", String.join(",", defaultModes))),
                jdks(options.get("jdks"), clients),
                Integer.parseInt(options.getOrDefault("receive-buffer", "0")),
                list(options.getOrDefault("receive-buffers", "")).stream()
                        .map(Integer::parseInt)
                        .toList(),
                Libcurl.parse(
                        options.get("libcurls"),
                        Path.of(options.getOrDefault("c-binary", "multi-bench/target/curl_multi_bench"))),
                Path.of(options.getOrDefault("logs", "multi-bench/target/bench-logs")),
                Path.of(options.getOrDefault("out", "bench-results")),
                Boolean.parseBoolean(options.getOrDefault("jfr", "false")));
    }

    /**
     * The listed JDKs, or the defaults; with only external clients chosen one section is enough
     * (the C program and wrk do not run on a JDK).
     */
    private static List<Jdk> jdks(String list, List<String> clients) {
        if (EXTERNAL.containsAll(clients)) {
            return List.of(Jdks.running());
        }
        return list == null ? Jdks.defaults(Jdks.JVM_ROOT) : Jdks.parse(list, Jdks.JVM_ROOT);
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    boolean measures(Workload workload) {
        return workloads.contains(workload);
    }

    /** Whether the (c) sweep runs: sizes were given and one of its clients was chosen. */
    boolean sweeps() {
        return !receiveBuffers.isEmpty() && ReceiveBufferSweep.CLIENTS.stream().anyMatch(clients::contains);
    }
}
