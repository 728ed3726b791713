package dev.curlmulti.core.loop;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Response header fields in the order received: case-insensitive lookup, several values per
 * name. Immutable and thread-safe. Headers read off the wire ({@link #ofHeaderBlock}) are kept as
 * the received bytes and split into fields only when first asked for, so a response nobody looks
 * into costs no strings.
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(new String[0]);

    /** name0, value0, name1, value1, ... once parsed. */
    private volatile String[] namesAndValues;
    /** The header lines as received (CR LF ends), until parsed. */
    private final byte[] block;

    private final int blockLength;

    private Headers(String[] namesAndValues) {
        this.namesAndValues = namesAndValues;
        this.block = null;
        this.blockLength = 0;
    }

    private Headers(byte[] block, int blockLength) {
        this.block = block;
        this.blockLength = blockLength;
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
     * Headers from a flat list {@code name0, value0, name1, value1, ...}, kept in order.
     *
     * @throws IllegalArgumentException an odd number of entries
     */
    public static Headers ofPairs(List<String> namesAndValues) {
        if (namesAndValues.size() % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs: " + namesAndValues.size());
        }
        return namesAndValues.isEmpty() ? EMPTY : new Headers(namesAndValues.toArray(new String[0]));
    }

    /**
     * Headers from the field lines of a response head as received ({@code Name: value} lines ended by
     * LF or CR LF, without the status line), split into fields on first access: ISO-8859-1, names and
     * values trimmed, folded lines joined to the field before them, lines without a colon skipped.
     * The array becomes this object's and must not change afterwards.
     */
    public static Headers ofHeaderBlock(byte[] lines, int length) {
        return length == 0 ? EMPTY : new Headers(lines, length);
    }

    private String[] pairs() {
        String[] parsed = namesAndValues;
        if (parsed == null) {
            parsed = parse(block, blockLength);
            namesAndValues = parsed;
        }
        return parsed;
    }

    private static String[] parse(byte[] bytes, int length) {
        List<String> fields = new ArrayList<>(16);
        // The value of the last field while obsolete folded lines continue it: joined once, at its
        // end, so a head of many folded lines costs time in proportion to its bytes.
        StringBuilder folded = null;
        int start = 0;
        while (start < length) {
            int end = start;
            while (end < length && bytes[end] != '\n') {
                end++;
            }
            int next = end + 1;
            while (end > start && (bytes[end - 1] == '\r' || bytes[end - 1] == '\n')) {
                end--;
            }
            if (end > start) {
                if ((bytes[start] == ' ' || bytes[start] == '\t') && !fields.isEmpty()) {
                    if (folded == null) {
                        folded = new StringBuilder(fields.get(fields.size() - 1));
                    }
                    folded.append(' ').append(latin1(bytes, start, end).trim());
                } else {
                    folded = endFold(fields, folded);
                    int colon = start;
                    while (colon < end && bytes[colon] != ':') {
                        colon++;
                    }
                    if (colon > start && colon < end) {
                        fields.add(latin1(bytes, start, colon).trim());
                        fields.add(latin1(bytes, colon + 1, end).trim());
                    }
                }
            }
            start = next;
        }
        endFold(fields, folded);
        return fields.toArray(new String[0]);
    }

    /** Puts a folded value in place of the last field's value; null, to start the next field. */
    private static StringBuilder endFold(List<String> fields, StringBuilder folded) {
        if (folded != null) {
            fields.set(fields.size() - 1, folded.toString());
        }
        return null;
    }

    private static String latin1(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The first value of {@code name} (any case), or {@code null}. */
    public String first(String name) {
        String[] pairs = pairs();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                return pairs[i + 1];
            }
        }
        return null;
    }

    /** Every value of {@code name} (any case), in order; empty when absent. */
    public List<String> all(String name) {
        String[] pairs = pairs();
        List<String> values = null;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                if (values == null) {
                    values = new ArrayList<>(2);
                }
                values.add(pairs[i + 1]);
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
        String[] pairs = pairs();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < pairs.length; i += 2) {
            names.add(pairs[i].toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(names);
    }

    /** Number of header fields (a name with two values counts twice). */
    public int size() {
        return pairs().length / 2;
    }

    /** The name of field {@code index}, as received. */
    public String name(int index) {
        return pairs()[2 * index];
    }

    /** The value of field {@code index}. */
    public String value(int index) {
        return pairs()[2 * index + 1];
    }

    @Override
    public String toString() {
        String[] pairs = pairs();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            text.append(pairs[i]).append(": ").append(pairs[i + 1]).append('\n');
        }
        return text.toString();
    }
}
