package dev.curlmulti.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A client as a report counts it: one of ours on one libcurl ({@code curl-flux [8.14.1]}), or a peer,
 * which loads no libcurl and runs once. A peer carries the first libcurl all the same, so that its
 * worker can answer {@code info} (which loads libcurl) like any other.
 */
record Contender(String client, Libcurl libcurl) {

    /** The row's name: {@code curl-flux [bundled 8.22.0]}, or the bare client name. */
    String label() {
        return libcurl.label(client);
    }

    /** For log and recording file names: {@code curl-flux-bundled}, or the bare client name. */
    String fileName() {
        return label().equals(client) ? client : client + "-" + libcurl.name();
    }

    /**
     * The chosen clients in their order, each that loads libcurl once per libcurl, next to each other
     * so that they run close together in every round.
     */
    static List<Contender> of(List<String> clients, List<Libcurl> libcurls) {
        List<Contender> contenders = new ArrayList<>();
        for (String client : clients) {
            for (Libcurl libcurl : Libcurl.loadedBy(client) ? libcurls : libcurls.subList(0, 1)) {
                contenders.add(new Contender(client, libcurl));
            }
        }
        return contenders;
    }
}
