package dev.curlmulti.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one section of {@code bin/bench-websocket} measured: every client on one worker JDK, in one
 * mode, with one session count, at each message size. A row group is one message size of a section;
 * its peer is the Reactor Netty client (1.2 or 1.3) with the most messages per second there.
 *
 * @param binding      the Java version and native binding our clients used, as a worker reported it
 * @param limits       the open-file limits the workers reported (for the report's notes)
 * @param clients      each client's runs, by label, in the clients' order
 * @param failures     why a client has no (or fewer) runs
 * @param skipped      clients left out of this section and why
 */
record WebSocketResult(
        Section section,
        int sessions,
        List<Integer> messageBytes,
        String binding,
        String limits,
        Map<String, WebSocketClientRuns> clients,
        Map<String, String> failures,
        Map<String, String> skipped) {

    /** For headings: {@code JDK 25 (temurin-25-jdk-amd64), unpinned, 1,000 sessions}. */
    String title() {
        return String.format(java.util.Locale.ROOT, "%s, %,d sessions", section.title(), sessions);
    }

    /** The Reactor Netty client with the most messages per second at {@code bytes}, if one was measured. */
    Optional<WebSocketClientRuns> peer(int bytes) {
        WebSocketClientRuns fastest = null;
        for (WebSocketClientRuns runs : clients.values()) {
            double rate = runs.medianRate(bytes);
            if (WebSocketBenchOptions.reactorNetty(runs.client)
                    && !Double.isNaN(rate)
                    && (fastest == null || rate > fastest.medianRate(bytes))) {
                fastest = runs;
            }
        }
        return Optional.ofNullable(fastest);
    }

    /**
     * The peer of what the section measures once for all message sizes (opening, memory): the peer of
     * its first message size (32 B by default) that has one.
     */
    Optional<WebSocketClientRuns> peer() {
        return messageBytes.stream().map(this::peer).flatMap(Optional::stream).findFirst();
    }

    /** Our clients of {@code client} ({@code curl-ws}): one per libcurl. */
    List<WebSocketClientRuns> ours(String client) {
        return clients.values().stream()
                .filter(runs -> runs.client.equals(client))
                .toList();
    }
}
