package dev.curlmulti.core.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A generated file's fixed text, kept beside the libcurl files as {@code <Name>.java.template}: the file as
 * it reads, with {@code {{placeholders}}} where the generator puts what it read from libcurl (the banner,
 * the version, the entries). Editing a table's javadoc or methods means editing its template, then running
 * bin/generate-tables. Immutable.
 */
final class Template {
    private final Path file;
    private final String text;

    private Template(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    /** The template of the generated file {@code javaName} ({@code CurlOpt.java}) under {@code directory}. */
    static Template of(Path directory, String javaName) {
        Path file = directory.resolve(javaName + ".template");
        try {
            return new Template(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the fixed text declares {@code word} as a constant of a nested enum ({@code LONG,} on its own line). */
    boolean declaresConstant(String word) {
        return text.contains("\n        " + word + ",\n") || text.contains("\n        " + word + "\n");
    }

    /** The file, each {@code {{key}}} replaced by its value; fails if a placeholder is unknown or left over. */
    String fill(Map<String, String> values) {
        String filled = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            String placeholder = "{{" + value.getKey() + "}}";
            if (!filled.contains(placeholder)) {
                throw new IllegalStateException(file + " has no " + placeholder);
            }
            filled = filled.replace(placeholder, value.getValue());
        }
        if (filled.contains("{{")) {
            throw new IllegalStateException(file + " has a placeholder the generator does not fill");
        }
        return filled;
    }
}
