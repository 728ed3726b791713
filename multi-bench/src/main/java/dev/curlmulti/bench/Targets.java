package dev.curlmulti.bench;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The benchmark's targets for one report section, each "met" or "MISSED" with the measured
 * value, or "not measured" unless both sides were measured in that section. Throughput ratios are
 * median over median; on (b), one request at a time, a rate ratio is the inverse of the time ratio.
 */
final class Targets {
    private static final List<Workload> A_TO_E = List.of(Workload.A, Workload.B, Workload.C, Workload.D, Workload.E);

    private Targets() {}

    /** The first goals, as they were set: near the C program, ahead of Reactor Netty, half its memory. */
    static String firstGoals(Results results, Section section) {
        StringBuilder out = new StringBuilder("\nTargets (first goals):\n\n");
        String nettyA = results.fastestReactorNetty(section, Workload.A);
        target(
                out,
                "(a) curl-flux >= 1.2x " + nettyA + " req/s",
                ratio(results, section, Workload.A, "curl-flux", nettyA),
                1.2);
        target(out, "(a) curl-flux >= 0.9x the C program", ratio(results, section, Workload.A, "curl-flux", "c"), 0.9);
        target(
                out,
                "(b) curl-flux >= 0.95x the C program",
                ratio(results, section, Workload.B, "curl-flux", "c"),
                0.95);
        for (Workload workload : List.of(Workload.C, Workload.D)) {
            for (String ours : List.of("curl-flux", "curl-file")) {
                target(
                        out,
                        "(" + workload.letter() + ") " + ours + " >= 0.95x the C program",
                        ratio(results, section, workload, ours, "c"),
                        0.95);
            }
            // Like for like: the C program writing the same files the same way.
            target(
                    out,
                    "(" + workload.letter() + ") curl-file >= 0.95x the C program writing files (c-file)",
                    ratio(results, section, workload, "curl-file", "c-file"),
                    0.95);
        }
        double ours = results.median(section, Workload.A, "curl-flux", r -> r.peakRssKib());
        double netty = results.median(section, Workload.A, nettyA, r -> r.peakRssKib());
        target(out, "(a) peak RSS <= half of " + nettyA + "'s (ours/netty shown, target <= 0.5)", ours / netty, -0.5);
        return out.toString();
    }

    /**
     * Native speed: near the C program on JDK 22+ (the FFM binding), ahead of Reactor Netty (the faster of
     * 1.2 and 1.3 on each workload), Jetty and the JDK client everywhere, WebClient on our
     * connector ahead of WebClient on Reactor Netty's (on Spring 6.2, and on Spring 7 when measured),
     * and at most 1 KiB of heap per small request.
     */
    static String nativeSpeed(Results results, Section section) {
        StringBuilder out = new StringBuilder("\nTargets (native speed):\n\n");
        if (section.ffmJdk()) {
            for (Workload workload : A_TO_E) {
                switch (workload) {
                    case B ->
                        target(
                                out,
                                "(b) curl-flux time per request <= 1.1x the C program's",
                                ratio(results, section, Workload.B, "c", "curl-flux"),
                                -1.1);
                    case C -> cTarget(out, results, section);
                    default ->
                        target(
                                out,
                                "(" + workload.letter() + ") curl-flux >= 0.9x the C program",
                                ratio(results, section, workload, "curl-flux", "c"),
                                0.9);
                }
            }
        }
        double nettyGoal = section.ffmJdk() ? 1.2 : 1.0;
        for (String peer : List.of("reactor-netty", "jetty", "jdk")) {
            double goal = peer.equals("reactor-netty") ? nettyGoal : 1.0;
            for (Workload workload : A_TO_E) {
                // Against Reactor Netty: the faster of its generations on this workload (the one named).
                String other = peer.equals("reactor-netty") ? results.fastestReactorNetty(section, workload) : peer;
                target(
                        out,
                        String.format(Locale.ROOT, "(%s) curl-flux >= %.1fx %s", workload.letter(), goal, other),
                        ratio(results, section, workload, "curl-flux", other),
                        goal);
            }
        }
        // WebClient: our connector against Reactor Netty's on the same Spring generation.
        for (String spring : List.of("", "-spring7")) {
            for (Workload workload : List.of(Workload.A, Workload.C)) {
                String ours = "webclient-curl" + spring;
                String other = "webclient-netty" + spring;
                double ratio = ratio(results, section, workload, ours, other);
                if (!spring.isEmpty() && Double.isNaN(ratio)) {
                    continue; // the Spring 7 pair is optional: no "not measured" lines when it did not run
                }
                target(out, "(" + workload.letter() + ") " + ours + " >= 1.2x " + other, ratio, 1.2);
            }
        }
        double heap = results.median(section, Workload.A, "curl-flux", Results.Run::allocatedPerUnit);
        out.append("- (a) curl-flux heap allocated per request <= 1024 B: ")
                .append(
                        Double.isNaN(heap)
                                ? "not measured"
                                : String.format(Locale.ROOT, "%.0f B: %s", heap, heap <= 1024 ? "met" : "MISSED"))
                .append('\n');
        String nettyC = results.fastestReactorNetty(section, Workload.C);
        double ceiling = ratio(results, section, Workload.C, "c", nettyC);
        out.append("- (c) libcurl's ceiling, the C program / ").append(nettyC).append(" (no target): ");
        if (Double.isNaN(ceiling)) {
            out.append("not measured\n");
        } else {
            out.append(String.format(Locale.ROOT, "%.2f", ceiling))
                    .append(
                            ceiling < 1
                                    ? String.format(
                                            Locale.ROOT,
                                            "; libcurl itself is below %s here, so curl-flux >= %.1fx "
                                                    + "%s on (c) asks for more than libcurl delivers%n",
                                            nettyC,
                                            nettyGoal,
                                            nettyC)
                                    : "\n");
        }
        return out.toString();
    }

    /**
     * The cost of metrics: the Micrometer meters cost at most 5% on (a). The meters need libcurl's timings,
     * which are on by default, so the target compares curl-flux-metrics with curl-flux-timings (the
     * client's defaults); the line against curl-flux (timings off, the fastest setting) shows what
     * timings and meters cost together. "Not measured" unless the clients ran.
     */
    static String metricsCost(Results results, Section section) {
        double withMetrics = results.median(section, Workload.A, "curl-flux-metrics", Results.Run::cpuMicrosPerUnit);
        double defaults = results.median(section, Workload.A, "curl-flux-timings", Results.Run::cpuMicrosPerUnit);
        double bare = results.median(section, Workload.A, "curl-flux", Results.Run::cpuMicrosPerUnit);
        if (Double.isNaN(withMetrics) || Double.isNaN(defaults) && Double.isNaN(bare)) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nTargets (cost of metrics):\n\n");
        if (!Double.isNaN(defaults)) {
            target(
                    out,
                    String.format(
                            Locale.ROOT,
                            "(a) metrics on: CPU per request <= 1.05x the client's defaults (timings on)"
                                    + " (%.1f vs %.1f µs)",
                            withMetrics,
                            defaults),
                    withMetrics / defaults,
                    -1.05);
            target(
                    out,
                    "(a) metrics on: throughput >= 0.95x the client's defaults",
                    ratio(results, section, Workload.A, "curl-flux-metrics", "curl-flux-timings"),
                    0.95);
        }
        if (!Double.isNaN(bare)) {
            out.append(String.format(
                    Locale.ROOT,
                    "- (a) timings and metrics together, against timings off (no target):"
                            + " CPU %.2fx (%.1f vs %.1f µs), throughput %.2fx%n",
                    withMetrics / bare,
                    withMetrics,
                    bare,
                    ratio(results, section, Workload.A, "curl-flux-metrics", "curl-flux")));
        }
        return out.toString();
    }

    /**
     * The pooled body form (curl-chunks, {@link dev.curlmulti.reactor.CurlResponse#bodyChunks()}):
     * on (c) and (d) at least level with the fastest Reactor Netty and at least 0.9x the C program (at its
     * best receive buffer when a sweep ran), where the C program is not itself below Reactor Netty;
     * WebClient on our connector level with Reactor Netty's on Spring 7; curl-file at least 0.9x c-file
     * on (d); at most 64 KiB of heap per MiB on (c). On (a) and (b) the figures are information only.
     */
    static String pooledBodies(Results results, Section section) {
        StringBuilder out = new StringBuilder("\nTargets (pooled bodies):\n\n");
        for (Workload workload : List.of(Workload.C, Workload.D)) {
            chunksTargets(out, results, section, workload);
            double spring7 = ratio(results, section, workload, "webclient-curl-spring7", "webclient-netty-spring7");
            if (!Double.isNaN(spring7)) {
                target(
                        out,
                        "(" + workload.letter() + ") webclient-curl-spring7 >= 1.0x webclient-netty-spring7",
                        spring7,
                        1.0);
            }
        }
        target(
                out,
                "(d) curl-file >= 0.9x the C program writing files (c-file)",
                ratio(results, section, Workload.D, "curl-file", "c-file"),
                0.9);
        double heap = results.median(section, Workload.C, "curl-chunks", Results.Run::allocatedPerUnit);
        out.append("- (c) curl-chunks heap allocated per MiB received <= 64 KiB: ")
                .append(
                        Double.isNaN(heap)
                                ? "not measured"
                                : Format.bytes(heap) + ": " + (heap <= 64 * 1024 ? "met" : "MISSED"))
                .append('\n');
        for (Workload workload : List.of(Workload.A, Workload.B)) {
            String netty = results.fastestReactorNetty(section, workload);
            out.append(String.format(
                    Locale.ROOT,
                    "- (%s) against %s (no target: keep today's figures): " + "curl-chunks %s, curl-flux %s%n",
                    workload.letter(),
                    netty,
                    information(ratio(results, section, workload, "curl-chunks", netty)),
                    information(ratio(results, section, workload, "curl-flux", netty))));
        }
        return out.toString();
    }

    /**
     * curl-chunks on {@code workload} against the fastest Reactor Netty and the C program. Where the
     * C program's figure is below Reactor Netty's, libcurl cannot reach Reactor Netty there: the
     * Reactor Netty line is then information and the C program's figure the target.
     */
    private static void chunksTargets(StringBuilder out, Results results, Section section, Workload workload) {
        String prefix = "(" + workload.letter() + ") curl-chunks >= ";
        String netty = results.fastestReactorNetty(section, workload);
        double chunks = results.medianRate(section, workload, "curl-chunks");
        double nettyRate = results.medianRate(section, workload, netty);
        OptionalInt best = workload == Workload.C ? results.bestSweepSizeForC(section) : OptionalInt.empty();
        double c = best.isPresent()
                ? results.sweepMedian(section, best.getAsInt(), "c")
                : results.medianRate(section, workload, "c");
        String which = best.isPresent()
                ? "at its best receive buffer, " + Format.kib(best.getAsInt()) + " in the sweep"
                : "plain c at the run's receive buffer: "
                        + (results.sweepSizes(section).isEmpty()
                                ? "no receive-buffer sweep"
                                : "the sweep covers (c) only");
        if (c < nettyRate) {
            out.append(String.format(
                    Locale.ROOT,
                    "- %s1.0x %s: %.2f (C program below %s: target is the C program)%n",
                    prefix,
                    netty,
                    chunks / nettyRate,
                    netty));
            out.append(String.format(
                    Locale.ROOT,
                    "- (%s) the C program (%s), %s, is below %s, %s (%.2fx): "
                            + "the C program's figure is the target%n",
                    workload.letter(),
                    which,
                    Format.rate(workload, c),
                    netty,
                    Format.rate(workload, nettyRate),
                    c / nettyRate));
        } else {
            target(out, prefix + "1.0x " + netty, chunks / nettyRate, 1.0);
        }
        target(out, prefix + "0.9x the C program (" + which + ")", chunks / c, 0.9);
    }

    /** A ratio shown without a verdict. */
    private static String information(double ratio) {
        return Double.isNaN(ratio) ? "not measured" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /**
     * (c) against the C program at the receive buffer that serves the C program best in the sweep,
     * when a sweep ran; else at the run's own receive buffer.
     */
    private static void cTarget(StringBuilder out, Results results, Section section) {
        OptionalInt best = results.bestSweepSizeForC(section);
        if (best.isPresent()) {
            int size = best.getAsInt();
            target(
                    out,
                    "(c) curl-flux >= 0.9x the C program, both at a " + Format.kib(size)
                            + " receive buffer (the sweep's best for the C program)",
                    results.sweepMedian(section, size, "curl-flux") / results.sweepMedian(section, size, "c"),
                    0.9);
        } else {
            target(
                    out,
                    "(c) curl-flux >= 0.9x the C program (the run's receive buffer; --receive-buffers picks the C "
                            + "program's best)",
                    ratio(results, section, Workload.C, "curl-flux", "c"),
                    0.9);
        }
    }

    /** The median rate of {@code ours} over the median rate of {@code other}; NaN unless both were measured. */
    static double ratio(Results results, Section section, Workload workload, String ours, String other) {
        return results.medianRate(section, workload, ours) / results.medianRate(section, workload, other);
    }

    /** A positive goal means "at least", a negative one "at most |goal|". */
    static void target(StringBuilder out, String name, double value, double goal) {
        String verdict;
        if (Double.isNaN(value)) {
            verdict = "not measured";
        } else {
            boolean met = goal >= 0 ? value >= goal : value <= -goal;
            verdict = String.format(Locale.ROOT, "%.2f: %s", value, met ? "met" : "MISSED");
        }
        out.append("- ").append(name).append(": ").append(verdict).append('\n');
    }
}
