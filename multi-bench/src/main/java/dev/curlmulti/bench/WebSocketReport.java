package dev.curlmulti.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tables of {@code bin/bench-websocket}: per section (worker JDK, mode, session count) and message
 * size each client's echoed messages per second and CPU per message, medians with min–max over the
 * rounds, as a multiple of the peer's (the fastest Reactor Netty of the row group), and how busy the rest
 * of the machine was meanwhile; then per section each client's time to open all sessions and memory per
 * idle session beside the peer's; then what each section ran on and what failed.
 */
final class WebSocketReport {
    static final String NOTES = """
            Messages/s: echoes received per second by all sessions together (each session has one message
            in flight: it sends the next when the echo of the last arrives). CPU per message: the client
            process's CPU time (user + system, all its threads: GC and JIT included) over the measured
            window, divided by the echoes in it; one message is one frame sent and one received. / peer:
            median over median against the peer, the Reactor Netty client (1.2 or 1.3) with the most
            messages/s in the row group (same JDK, mode, sessions and message size); the CPU ratio compares
            with that same client (throughput > 1 = faster than the peer; CPU < 1 = less CPU). Others' CPU:
            cores busy on the machine outside the client and server processes during the runs (median;
            other engineers' builds show here).
            """;
    static final String OPEN_NOTES = """
            Opening: time for a client's worker to open all the section's sessions, median with min–max over
            the rounds (each round opens them afresh). RSS per idle session: the worker's resident set after
            its first open minus before it, over the sessions (after System.gc() both times, before any
            echo). / peer: against the peer of the section's first message size. Descriptors: what the
            worker had open with its sessions open.
            """;

    private WebSocketReport() {}

    static String render(List<WebSocketResult> results) {
        StringBuilder out = new StringBuilder(NOTES).append('\n');
        out.append("| JDK | mode | sessions | message | client | messages/s | min–max | CPU per message"
                + " | CPU min–max | / peer msg/s | / peer CPU | others' CPU |\n");
        out.append("|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (WebSocketResult result : results) {
            for (int bytes : result.messageBytes()) {
                rateRows(out, result, bytes);
            }
        }
        out.append('\n').append(OPEN_NOTES).append('\n');
        out.append("| JDK | mode | sessions | client | opening | min–max | RSS per idle session | / peer opening"
                + " | / peer RSS | descriptors |\n");
        out.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (WebSocketResult result : results) {
            openRows(out, result);
        }
        out.append('\n');
        for (WebSocketResult result : results) {
            notes(out, result);
        }
        return out.toString();
    }

    private static void rateRows(StringBuilder out, WebSocketResult result, int bytes) {
        Optional<WebSocketClientRuns> peer = result.peer(bytes);
        for (WebSocketClientRuns runs : result.clients().values()) {
            List<EchoSample> samples = runs.samples.get(bytes);
            if (samples.isEmpty()) {
                continue;
            }
            boolean isPeer = peer.isPresent() && peer.get() == runs;
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %,.0f–%,.0f | %.1f µs | %s | %s | %s | %.2f |%n",
                    prefix(result, Format.bytes(bytes), runs),
                    runs.medianRate(bytes),
                    samples.stream().mapToDouble(EchoSample::rate).min().orElseThrow(),
                    samples.stream().mapToDouble(EchoSample::rate).max().orElseThrow(),
                    runs.medianCpu(bytes),
                    Format.range(samples, EchoSample::cpuMicrosPerMessage),
                    isPeer ? "peer" : ratio(runs.medianRate(bytes), peer.map(p -> p.medianRate(bytes))),
                    isPeer ? "peer" : ratio(runs.medianCpu(bytes), peer.map(p -> p.medianCpu(bytes))),
                    Results.median(samples, EchoSample::othersCores)));
        }
    }

    private static void openRows(StringBuilder out, WebSocketResult result) {
        Optional<WebSocketClientRuns> peer = result.peer();
        for (WebSocketClientRuns runs : result.clients().values()) {
            if (runs.openMillis.isEmpty()) {
                continue;
            }
            boolean isPeer = peer.isPresent() && peer.get() == runs;
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f ms | %,d–%,d ms | %s | %s | %s | %s |%n",
                    prefix(result, null, runs),
                    runs.medianOpenMillis(),
                    runs.openMillis.stream().mapToLong(Long::longValue).min().orElseThrow(),
                    runs.openMillis.stream().mapToLong(Long::longValue).max().orElseThrow(),
                    rss(runs.rssBytesPerSession),
                    isPeer ? "peer" : ratio(runs.medianOpenMillis(), peer.map(WebSocketClientRuns::medianOpenMillis)),
                    isPeer ? "peer" : ratio(runs.rssBytesPerSession, peer.map(p -> p.rssBytesPerSession)),
                    runs.openFiles < 0 ? Format.DASH : String.format(Locale.ROOT, "%,d", runs.openFiles)));
        }
    }

    /** The row's first cells: JDK, mode, sessions, the message size (unless null) and the client. */
    private static String prefix(WebSocketResult result, String message, WebSocketClientRuns runs) {
        return String.format(
                Locale.ROOT,
                "%d | %s | %,d | %s%s",
                result.section().jdk().feature(),
                result.section().mode(),
                result.sessions(),
                message == null ? "" : message + " | ",
                runs.label);
    }

    /** Bytes, or a dash when not measured; a negative growth (the heap shrank more) shows as such. */
    private static String rss(double bytes) {
        return Double.isNaN(bytes) ? Format.DASH : bytes < 0 ? "−" + Format.bytes(-bytes) : Format.bytes(bytes);
    }

    private static String ratio(double ours, Optional<Double> peer) {
        return peer.map(value -> Format.ratio(ours / value)).orElse(Format.DASH);
    }

    private static void notes(StringBuilder out, WebSocketResult result) {
        out.append("- ")
                .append(result.title())
                .append(": ")
                .append(result.binding())
                .append("; workers' open-file limit ")
                .append(result.limits());
        result.clients().values().stream()
                .filter(runs -> !runs.versions.isEmpty())
                .forEach(
                        runs -> out.append("; ").append(runs.label).append(": ").append(runs.versions));
        result.skipped()
                .forEach((client, why) ->
                        out.append("; ").append(client).append(" left out: ").append(why));
        out.append(".\n");
        result.failures()
                .forEach((client, why) -> out.append("  - ")
                        .append(client)
                        .append(" FAILED: ")
                        .append(String.valueOf(why).replace('|', '/'))
                        .append('\n'));
    }
}
