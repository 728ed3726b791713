package dev.curlmulti.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables of {@code bin/bench-websocket}: per section (worker JDK and mode) each client's
 * echoed messages per second and CPU per message, medians with min–max over the rounds, our rows
 * as a multiple of Reactor Netty's, and how busy the rest of the machine was meanwhile.
 */
final class WebSocketReport {
    static final String NOTES = """
            Messages/s: echoes received per second by all sessions together (each session has one message
            in flight: it sends the next when the echo of the last arrives). CPU per message: the client
            process's CPU time (user + system, all its threads: GC and JIT included) over the measured
            window, divided by the echoes in it; one message is one frame sent and one received. Ours /
            Reactor Netty: median over median (throughput > 1 = we are faster; CPU < 1 = we use less).
            Others' CPU: cores busy on the machine outside the client and server processes during the
            runs (median; other engineers' builds show here).
            """;

    private WebSocketReport() {
    }

    static String render(List<WebSocketSection.Result> results) {
        StringBuilder out = new StringBuilder(NOTES).append('\n');
        out.append("| JDK | mode | client | messages/s | min–max | CPU per message | CPU min–max"
                + " | ours / Reactor Netty msg/s | ours / Reactor Netty CPU | others' CPU |\n");
        out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (WebSocketSection.Result result : results) {
            rows(out, result);
        }
        out.append('\n');
        for (WebSocketSection.Result result : results) {
            out.append("- ").append(result.section().title()).append(": ").append(result.binding());
            result.openMillis().forEach((client, millis) -> out.append(String.format(Locale.ROOT,
                    "; %s opened its sessions in %,d ms", client, millis)));
            result.skipped().forEach((client, why) -> out.append("; ").append(client).append(" left out: ").append(why));
            out.append(".\n");
            result.failures().forEach((client, why) -> out.append("  - ").append(client).append(" FAILED: ")
                    .append(why.replace('|', '/')).append('\n'));
        }
        return out.toString();
    }

    private static void rows(StringBuilder out, WebSocketSection.Result result) {
        List<EchoSample> reference = result.samples().getOrDefault(WebSocketBenchOptions.REFERENCE, List.of());
        for (Map.Entry<String, List<EchoSample>> entry : result.samples().entrySet()) {
            List<EchoSample> samples = entry.getValue();
            if (samples.isEmpty()) {
                continue;
            }
            boolean ours = !entry.getKey().equals(WebSocketBenchOptions.REFERENCE);
            out.append(String.format(Locale.ROOT, "| %d | %s | %s | %,.0f | %,.0f–%,.0f | %.1f µs | %s | %s | %s | %.2f |%n",
                    result.section().jdk().feature(), result.section().mode(), entry.getKey(),
                    median(samples, Kind.RATE), min(samples, Kind.RATE), max(samples, Kind.RATE),
                    median(samples, Kind.CPU), Format.range(samples, EchoSample::cpuMicrosPerMessage),
                    ours ? Format.ratio(median(samples, Kind.RATE) / median(reference, Kind.RATE)) : "",
                    ours ? Format.ratio(median(samples, Kind.CPU) / median(reference, Kind.CPU)) : "",
                    Results.median(samples, EchoSample::othersCores)));
        }
    }

    private enum Kind { RATE, CPU }

    private static double value(EchoSample sample, Kind kind) {
        return kind == Kind.RATE ? sample.rate() : sample.cpuMicrosPerMessage();
    }

    /** The median over the runs; NaN without runs. */
    private static double median(List<EchoSample> samples, Kind kind) {
        return Results.median(samples, sample -> value(sample, kind));
    }

    private static double min(List<EchoSample> samples, Kind kind) {
        return samples.stream().mapToDouble(sample -> value(sample, kind)).min().orElse(Double.NaN);
    }

    private static double max(List<EchoSample> samples, Kind kind) {
        return samples.stream().mapToDouble(sample -> value(sample, kind)).max().orElse(Double.NaN);
    }
}
