package dev.curlmulti.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Response header fields in the order received: case-insensitive lookup, several values per
 * name. Immutable and thread-safe.
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(new String[0]);

    /** name0, value0, name1, value1, ... */
    private final String[] namesAndValues;

    private Headers(String[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    /** No headers. */
    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from name/value pairs, kept in order. */
    public static Headers of(List<Map.Entry<String, String>> entries) {
        String[] pairs = new String[entries.size() * 2];
        for (int i = 0; i < entries.size(); i++) {
            pairs[2 * i] = entries.get(i).getKey();
            pairs[2 * i + 1] = entries.get(i).getValue();
        }
        return new Headers(pairs);
    }

    /**
     * Headers from a flat list {@code name0, value0, name1, value1, ...}, kept in order (the form the
     * event loop's head parser collects them in).
     *
     * @throws IllegalArgumentException an odd number of entries
     */
    public static Headers ofPairs(List<String> namesAndValues) {
        if (namesAndValues.size() % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs: " + namesAndValues.size());
        }
        return namesAndValues.isEmpty() ? EMPTY : new Headers(namesAndValues.toArray(new String[0]));
    }

    /** The first value of {@code name} (any case), or {@code null}. */
    public String first(String name) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    /** Every value of {@code name} (any case), in order; empty when absent. */
    public List<String> all(String name) {
        List<String> values = null;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                if (values == null) {
                    values = new ArrayList<>(2);
                }
                values.add(namesAndValues[i + 1]);
            }
        }
        return values == null ? List.of() : Collections.unmodifiableList(values);
    }

    /** True when {@code name} is present. */
    public boolean contains(String name) {
        return first(name) != null;
    }

    /** The distinct names, lower-cased, in order of first appearance. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            names.add(namesAndValues[i].toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(names);
    }

    /** Number of header fields (a name with two values counts twice). */
    public int size() {
        return namesAndValues.length / 2;
    }

    /** The name of field {@code index}, as received. */
    public String name(int index) {
        return namesAndValues[2 * index];
    }

    /** The value of field {@code index}. */
    public String value(int index) {
        return namesAndValues[2 * index + 1];
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            text.append(namesAndValues[i]).append(": ").append(namesAndValues[i + 1]).append('\n');
        }
        return text.toString();
    }
}
