package dev.curlmulti.core.tables;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libcurl's {@code docs/libcurl/symbols-in-versions}: for each public name, the version that introduced it
 * and the one that deprecated it. The tables take {@code since} and {@code deprecatedSince} from here
 * (the headers say when a name was deprecated only for some of them, and never when it arrived).
 * Immutable once read.
 */
final class SymbolsInVersions {
    /** {@code NAME  INTRODUCED  [DEPRECATED|-]  [LAST]}; the file's prose and title lines do not match. */
    private static final Pattern LINE = Pattern.compile(
            "(?m)^([A-Z][A-Z0-9_]*)[ \\t]+(\\d+\\.\\d+(?:\\.\\d+)?)" + "(?:[ \\t]+(\\S+))?(?:[ \\t]+\\S+)?[ \\t]*$");

    private final Map<String, String> introduced = new HashMap<>();
    private final Map<String, String> deprecated = new HashMap<>();

    SymbolsInVersions(String text) {
        Matcher line = LINE.matcher(text);
        while (line.find()) {
            introduced.put(line.group(1), line.group(2));
            String deprecatedIn = line.group(3);
            if (deprecatedIn != null && !deprecatedIn.equals("-")) {
                deprecated.put(line.group(1), deprecatedIn);
            }
        }
        if (introduced.size() < 100) {
            throw new IllegalArgumentException("symbols-in-versions lists only " + introduced.size() + " names");
        }
    }

    /** Whether the file lists {@code name}. */
    boolean has(String name) {
        return introduced.containsKey(name);
    }

    /** The version that introduced {@code name}, for example {@code 7.10.8}; fails when the file does not list it. */
    String introduced(String name) {
        String version = introduced.get(name);
        if (version == null) {
            throw new IllegalArgumentException(name + " is in the header but not in symbols-in-versions");
        }
        return version;
    }

    /** The version that deprecated {@code name}, or {@code null}. */
    String deprecated(String name) {
        return deprecated.get(name);
    }

    /** {@code version} in {@code LIBCURL_VERSION_NUM}'s form, as the tables write it: {@code 0x070a08} for 7.10.8. */
    static String hex(String version) {
        String[] parts = version.split("\\.");
        int number = 0;
        for (int i = 0; i < 3; i++) {
            number = number << 8 | (i < parts.length ? Integer.parseInt(parts[i]) : 0);
        }
        return String.format("0x%06x", number);
    }

    /** The major version of {@code version}: 8 for {@code 8.6.0}. */
    static int major(String version) {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }
}
