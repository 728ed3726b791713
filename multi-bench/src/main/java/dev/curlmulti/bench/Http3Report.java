package dev.curlmulti.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tables of {@code bin/bench-http3} ({@link Http3Bench}): per JDK and mode, each client's requests
 * per second and CPU per request, medians with min-max over the rounds, then ours against the C program
 * on the same libcurl (and against Reactor Netty when it completed a run).
 */
final class Http3Report {
    private final int requests;
    private final Map<String, List<Sample>> samples;
    private final Map<String, String> failures;

    /**
     * @param samples  each client's runs by report label, in the order the clients ran
     * @param failures why a client has no (or fewer) runs, by report label
     */
    Http3Report(int requests, Map<String, List<Sample>> samples, Map<String, String> failures) {
        this.requests = requests;
        this.samples = samples;
        this.failures = failures;
    }

    /**
     * The libcurls, each with its TLS and QUIC stack: they differ with the libcurl (Debian's 8.14.1 has
     * HTTP/3 only in its GnuTLS flavour; the bundled one is OpenSSL with ngtcp2), so a difference between
     * two libcurls' rows is the whole stack's, not curl's alone.
     */
    static String header(List<Libcurl> libcurls) {
        if (libcurls.size() == 1) {
            return "libcurl: " + stack(libcurls.get(0)) + libcurls.get(0).describe() + ".";
        }
        return "libcurls (ours and the C program run on each, labelled [version]; each brings its own TLS and QUIC"
                + " stack, so two libcurls' rows differ by the whole stack, not by curl alone):"
                + libcurls.stream()
                        .map(libcurl -> "\n- " + stack(libcurl) + libcurl.describe())
                        .collect(Collectors.joining());
    }

    /** Which HTTP/3 stack a libcurl the scripts name brings (the C program's libcurl line has the versions). */
    private static String stack(Libcurl libcurl) {
        return switch (libcurl.name()) {
            case "8.14" ->
                "bookworm-backports' GnuTLS flavour (libcurl3-gnutls: the only 8.14.1 with HTTP/3), "
                        + "GnuTLS with ngtcp2 and nghttp3: ";
            case "bundled" -> "the bundled libcurl (bin/build-libcurl), OpenSSL with ngtcp2 and nghttp3: ";
            default -> "";
        };
    }

    /** One section's heading, table and ratios. */
    String section(String title, String binding, List<Libcurl> libcurls) {
        StringBuilder out = new StringBuilder(String.format("%n### %s%n%nWorker: %s%n%n", title, binding));
        out.append("| client | median req/s | min-max | CPU per request | CPU min-max |\n");
        out.append("| --- | ---: | ---: | ---: | ---: |\n");
        samples.forEach((client, list) -> {
            if (measured(client)) {
                // One libcurl: the C program's row says it is on ours' libcurl, as the labels would.
                row(out, client.equals("c") ? "c (same libcurl)" : client, list);
            }
        });
        failures.forEach((client, why) -> out.append("| ")
                .append(client)
                .append(" | failed: ")
                .append(why.replace('|', '/'))
                .append(" | | | |\n"));
        out.append('\n');
        libcurls.forEach(libcurl -> ratios(out, libcurl));
        return out.toString();
    }

    /** Ours on {@code libcurl} against the C program on it, and against Reactor Netty when it has runs. */
    private void ratios(StringBuilder out, Libcurl libcurl) {
        String ours = libcurl.label("curl-flux-h3");
        String c = libcurl.label("c");
        if (!measured(ours) || !measured(c)) {
            return;
        }
        out.append(String.format(
                Locale.ROOT,
                "%s / %s: throughput %.2fx, CPU per request %.2fx.",
                ours,
                c,
                median(rates(ours)) / median(rates(c)),
                median(cpus(ours)) / median(cpus(c))));
        if (measured("reactor-netty-h3")) {
            out.append(String.format(
                    Locale.ROOT,
                    " Against reactor-netty-h3: throughput %.2fx, CPU per request %.2fx.",
                    median(rates(ours)) / median(rates("reactor-netty-h3")),
                    median(cpus(ours)) / median(cpus("reactor-netty-h3"))));
        }
        out.append('\n');
    }

    private boolean measured(String label) {
        return !failures.containsKey(label)
                && samples.containsKey(label)
                && !samples.get(label).isEmpty();
    }

    private void row(StringBuilder out, String name, List<Sample> list) {
        double[] rates = rates(list);
        double[] cpus = cpus(list);
        out.append(String.format(
                Locale.ROOT,
                "| %s | %,.0f | %,.0f-%,.0f | %.1f µs | %.1f-%.1f |%n",
                name,
                median(rates),
                min(rates),
                max(rates),
                median(cpus),
                min(cpus),
                max(cpus)));
    }

    private double[] rates(String label) {
        return rates(samples.get(label));
    }

    private double[] cpus(String label) {
        return cpus(samples.get(label));
    }

    private double[] rates(List<Sample> list) {
        return list.stream()
                .mapToDouble(s -> requests / (s.elapsedNanos() / 1e9))
                .toArray();
    }

    private double[] cpus(List<Sample> list) {
        return list.stream().mapToDouble(s -> s.cpuNanos() / 1e3 / requests).toArray();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
