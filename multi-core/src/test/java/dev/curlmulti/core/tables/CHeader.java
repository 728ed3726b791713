package dev.curlmulti.core.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One libcurl header (curl.h, multi.h) read as far as the tables need: its enums and its
 * {@code #define}s, with the C comments taken out first so that a name quoted in a comment is never
 * mistaken for a declaration. Not a C parser: it knows the few shapes libcurl's headers use, and
 * fails rather than guesses when a shape it expects is missing. Immutable.
 */
final class CHeader {
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/");
    /** {@code CURLOPT(CURLOPT_URL, CURLOPTTYPE_STRINGPOINT, 2)} or {@code CURLOPTDEPRECATED(name, type, 24, ...)}. */
    private static final Pattern OPTION = Pattern.compile(
            "CURLOPT(?:DEPRECATED)?\\(\\s*([A-Z][A-Z0-9_]*)\\s*,\\s*(CURLOPTTYPE_[A-Z_]+)" + "\\s*,\\s*(\\d+)");
    /** {@code CURLINFO_SIZE_UPLOAD CURL_DEPRECATED(...) = CURLINFO_DOUBLE + 7}. */
    private static final Pattern INFO = Pattern.compile("(CURLINFO_[A-Z0-9_]+)\\s*(?:CURL_DEPRECATED\\([^)]*\\))?"
            + "\\s*=\\s*(CURLINFO_[A-Z_]+)\\s*\\+\\s*(\\d+)");

    private static final Pattern DEFINE = Pattern.compile("(?m)^#define[ \\t]+([A-Z][A-Z0-9_]*)[ \\t]+(\\S+)[ \\t]*$");

    /** A {@code CURLOPT()} entry of an option enum: its C name, its {@code CURLOPTTYPE_*} and its number. */
    record Option(String name, String type, int number) {}

    /** An entry of the {@code CURLINFO} enum: its C name, its type's {@code CURLINFO_*} base and its number. */
    record Info(String name, String type, int number) {}

    private final String text;
    /** Every {@code #define NAME VALUE} with a one-word value, in the header's order. */
    private final Map<String, String> defines = new LinkedHashMap<>();

    CHeader(String text) {
        this.text = COMMENT.matcher(text).replaceAll(" ");
        Matcher define = DEFINE.matcher(this.text);
        while (define.find()) {
            defines.put(define.group(1), define.group(2));
        }
    }

    /** The {@code CURLOPT()} entries of the enum {@code typeName} ({@code CURLoption}, {@code CURLMoption}). */
    List<Option> options(String typeName) {
        List<Option> options = new ArrayList<>();
        Matcher entry = OPTION.matcher(enumBody(typeName));
        while (entry.find()) {
            options.add(new Option(entry.group(1), entry.group(2), Integer.parseInt(entry.group(3))));
        }
        return nonEmpty(options, typeName);
    }

    /** The entries of the {@code CURLINFO} enum that have a value (not {@code CURLINFO_NONE}, not the last marker). */
    List<Info> infos() {
        List<Info> infos = new ArrayList<>();
        Matcher entry = INFO.matcher(enumBody("CURLINFO"));
        while (entry.find()) {
            infos.add(new Info(entry.group(1), entry.group(2), Integer.parseInt(entry.group(3))));
        }
        return nonEmpty(infos, "CURLINFO");
    }

    /**
     * The names of a plain enum ({@code CURLcode}, {@code CURLMcode}) from its first entry to the one before
     * {@code last}; each must be one more than the one before, so a list index gives the value.
     */
    List<String> consecutiveNames(String typeName, String last, int first) {
        List<String> names = new ArrayList<>();
        for (String entry : enumBody(typeName).split(",")) {
            String[] parts = entry.trim().split("\\s*=\\s*");
            if (parts[0].equals(last)) {
                return nonEmpty(names, typeName);
            }
            if (parts.length > 1 && Integer.parseInt(parts[1]) != first + names.size()) {
                throw new IllegalArgumentException(typeName + ": " + parts[0] + " breaks the sequence");
            }
            names.add(parts[0]);
        }
        throw new IllegalArgumentException(typeName + " has no " + last);
    }

    /** Every {@code #define NAME VALUE} whose name starts with {@code prefix}, in the header's order. */
    Map<String, String> defines(String prefix) {
        Map<String, String> named = new LinkedHashMap<>();
        defines.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                named.put(name, value);
            }
        });
        return named;
    }

    /** The number a {@code #define} names, following defines that name another define; hex or decimal. */
    int number(String name) {
        String value = defines.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no #define " + name);
        }
        return value.matches("[A-Z][A-Z0-9_]*")
                ? number(value)
                : value.startsWith("0x") ? Integer.parseInt(value.substring(2), 16) : Integer.parseInt(value);
    }

    private String enumBody(String typeName) {
        int end = text.indexOf("} " + typeName + ";");
        int start = end < 0 ? -1 : text.lastIndexOf("typedef enum {", end);
        if (start < 0) {
            throw new IllegalArgumentException("no typedef enum { ... } " + typeName + ";");
        }
        return text.substring(start + "typedef enum {".length(), end);
    }

    private static <T> List<T> nonEmpty(List<T> entries, String typeName) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("the enum " + typeName + " has no entries in the expected shape");
        }
        return entries;
    }
}
