package dev.curlmulti.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The targets of {@code bin/bench-websocket}, per worker JDK and mode, each a line with both numbers,
 * their ratio and MET or MISSED (or "not measured" when a side is missing). The peer is the fastest
 * Reactor Netty of the row group ({@link WebSocketResult#peer(int)}); CPU compares with that same client.
 * <ul>
 * <li>at 1,000 and at 10,000 sessions, each message size: curl-ws (the default loops) at least 1.0x the
 *     peer's messages per second, and at most 1.2x its CPU per message;</li>
 * <li>curl-ws and curl-ws-1loop: CPU per message at 10,000 sessions at most 1.3x that at 100;</li>
 * <li>at the largest session count measured (10,000 by default): curl-ws opens them in at most the peer's
 *     time, and holds at most 2x the peer's memory per idle session.</li>
 * </ul>
 */
final class WebSocketTargets {
    static final List<Integer> THROUGHPUT_SESSIONS = List.of(1_000, 10_000);
    static final int FEW = 100;
    static final int MANY = 10_000;
    private static final String OURS = "curl-ws";
    private static final List<String> SCALING = List.of("curl-ws", "curl-ws-1loop");

    private final StringBuilder out = new StringBuilder();
    private final Map<String, Integer> verdicts = new LinkedHashMap<>(Map.of("MET", 0, "MISSED", 0, "not measured", 0));

    private WebSocketTargets() {}

    /** The targets block: a heading, then each JDK and mode's lines, then how many were met. */
    static String render(List<WebSocketResult> results) {
        WebSocketTargets targets = new WebSocketTargets();
        targets.out.append("\nTargets (per JDK and mode; peer = the Reactor Netty client with the most messages/s in"
                + " the row group):\n");
        Map<Section, List<WebSocketResult>> groups = new LinkedHashMap<>();
        results.forEach(result -> groups.computeIfAbsent(result.section(), section -> new ArrayList<>())
                .add(result));
        groups.forEach(targets::group);
        targets.out.append(String.format(
                Locale.ROOT,
                "%nTargets: %d MET, %d MISSED, %d not measured.%n",
                targets.verdicts.get("MET"),
                targets.verdicts.get("MISSED"),
                targets.verdicts.get("not measured")));
        return targets.out.toString();
    }

    private void group(Section section, List<WebSocketResult> results) {
        out.append('\n').append(section.title()).append(":\n");
        List<Integer> sizes = results.get(0).messageBytes();
        for (int sessions : THROUGHPUT_SESSIONS) {
            Optional<WebSocketResult> result = find(results, sessions);
            for (int bytes : sizes) {
                String where = String.format(Locale.ROOT, "at %,d sessions, %s", sessions, Format.bytes(bytes));
                for (String label : labels(result.stream().toList(), OURS)) {
                    Optional<WebSocketClientRuns> ours =
                            result.map(r -> r.clients().get(label));
                    Optional<WebSocketClientRuns> peer = result.flatMap(r -> r.peer(bytes));
                    compare(
                            "msg/s " + where + ": " + label + " >= 1.0x " + name(peer),
                            ours,
                            peer,
                            runs -> runs.medianRate(bytes),
                            "%,.0f",
                            " msg/s",
                            1.0);
                    compare(
                            "CPU per message " + where + ": " + label + " <= 1.2x " + name(peer),
                            ours,
                            peer,
                            runs -> runs.medianCpu(bytes),
                            "%.1f",
                            " µs",
                            -1.2);
                }
            }
        }
        Optional<WebSocketResult> few = find(results, FEW);
        Optional<WebSocketResult> many = find(results, MANY);
        List<WebSocketResult> both = new ArrayList<>(few.stream().toList());
        many.ifPresent(both::add);
        for (String client : SCALING) {
            for (String label : labels(both, client)) {
                for (int bytes : sizes) {
                    compare(
                            String.format(
                                    Locale.ROOT,
                                    "CPU per message at %,d vs %,d sessions, %s: %s <= 1.3x",
                                    MANY,
                                    FEW,
                                    Format.bytes(bytes),
                                    label),
                            many.map(r -> r.clients().get(label)),
                            few.map(r -> r.clients().get(label)),
                            runs -> runs.medianCpu(bytes),
                            "%.1f",
                            " µs",
                            -1.3);
                }
            }
        }
        WebSocketResult largest = results.stream()
                .max(java.util.Comparator.comparingInt(WebSocketResult::sessions))
                .orElseThrow();
        Optional<WebSocketClientRuns> peer = largest.peer();
        for (String label : labels(List.of(largest), OURS)) {
            Optional<WebSocketClientRuns> ours =
                    Optional.ofNullable(largest.clients().get(label));
            compare(
                    String.format(
                            Locale.ROOT,
                            "opening %,d sessions: %s <= 1.0x %s's time",
                            largest.sessions(),
                            label,
                            name(peer)),
                    ours,
                    peer,
                    WebSocketClientRuns::medianOpenMillis,
                    "%,.0f",
                    " ms",
                    -1.0);
            compare(
                    String.format(
                            Locale.ROOT,
                            "memory per idle session at %,d sessions: %s <= 2.0x %s",
                            largest.sessions(),
                            label,
                            name(peer)),
                    ours,
                    peer,
                    runs -> runs.rssBytesPerSession / 1024,
                    "%.1f",
                    " KiB",
                    -2.0);
        }
    }

    /**
     * One target line: {@code value(ours) / value(other)} against {@code goal} (positive: at least,
     * negative: at most its absolute value), with both values in {@code format} and {@code unit}.
     */
    private void compare(
            String name,
            Optional<WebSocketClientRuns> ours,
            Optional<WebSocketClientRuns> other,
            Function<WebSocketClientRuns, Double> value,
            String format,
            String unit,
            double goal) {
        double mine = ours.map(value).orElse(Double.NaN);
        double theirs = other.map(value).orElse(Double.NaN);
        out.append("- ").append(name).append(": ");
        if (Double.isNaN(mine) || Double.isNaN(theirs) || theirs <= 0) {
            count(
                    "not measured",
                    Double.isNaN(mine) || Double.isNaN(theirs)
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    " (%s vs %s%s: no ratio)",
                                    number(format, mine),
                                    number(format, theirs),
                                    unit));
            return;
        }
        double ratio = mine / theirs;
        boolean met = goal >= 0 ? ratio >= goal : ratio <= -goal;
        out.append(number(format, mine))
                .append(" vs ")
                .append(number(format, theirs))
                .append(unit)
                .append(String.format(Locale.ROOT, ", %.2fx: ", ratio));
        count(met ? "MET" : "MISSED", "");
    }

    private void count(String verdict, String why) {
        out.append(verdict).append(why).append('\n');
        verdicts.merge(verdict, 1, Integer::sum);
    }

    private static String number(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }

    /** The section with {@code sessions} sessions, if the sweep had it. */
    private static Optional<WebSocketResult> find(List<WebSocketResult> results, int sessions) {
        return results.stream().filter(result -> result.sessions() == sessions).findFirst();
    }

    /** The labels of {@code client} in these sections (one per libcurl), or the bare name when none ran. */
    private static List<String> labels(List<WebSocketResult> results, String client) {
        List<String> labels = results.stream()
                .flatMap(result -> result.ours(client).stream())
                .map(runs -> runs.label)
                .distinct()
                .toList();
        boolean skipped = results.stream()
                .anyMatch(result -> result.skipped().keySet().stream()
                        .anyMatch(label -> label.equals(client) || label.startsWith(client + " [")));
        return labels.isEmpty() && !skipped ? List.of(client) : labels;
    }

    private static String name(Optional<WebSocketClientRuns> peer) {
        return peer.map(runs -> runs.label).orElse("Reactor Netty");
    }
}
