package dev.curlmulti.reactor.micrometer;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The values one tag may take, at most {@code limit} distinct ones: the first {@code limit} seen
 * are kept, any later one becomes {@value #OTHER}, so a crawler that talks to a million hosts still
 * registers a bounded number of meters. Thread-safe.
 */
final class BoundedTagValues {
    static final String OTHER = "other";

    private final int limit;
    private final ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();

    BoundedTagValues(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a tag needs room for at least one value: " + limit);
        }
        this.limit = limit;
    }

    String bound(String value) {
        if (seen.containsKey(value)) {
            return value;
        }
        if (seen.size() >= limit) {
            return OTHER;
        }
        // Racing threads may pass the size check together: at most a few over, never unbounded.
        seen.putIfAbsent(value, Boolean.TRUE);
        return value;
    }
}
