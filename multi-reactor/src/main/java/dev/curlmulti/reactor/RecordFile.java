package dev.curlmulti.reactor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The file format of the records kept beside a part file ({@link PartRecord}, {@link SegmentRecord}):
 * a first line naming the format and its version, then {@code key=value} lines. A record is
 * replaced through a temporary file and an atomic rename, so a process killed at any moment leaves
 * the old record or the new one, never half of one. Stateless; every method does blocking file I/O.
 */
final class RecordFile {
    private RecordFile() {}

    /** A new record's text: its format line, then the lines {@link #line} adds. */
    static StringBuilder start(String header) {
        return new StringBuilder(header).append('\n');
    }

    /** Adds {@code key=value}; nothing when {@code value} is null. */
    static StringBuilder line(StringBuilder text, String key, Object value) {
        return value == null ? text : text.append(key).append('=').append(value).append('\n');
    }

    /** Adds the {@code etag} and {@code last-modified} lines that {@link #validators} reads back. */
    static StringBuilder validators(StringBuilder text, Validators validators) {
        line(text, "etag", validators.etag());
        return line(text, "last-modified", validators.lastModified());
    }

    /** Replaces {@code file} with {@code text}, atomically. */
    static void replace(Path file, CharSequence text) throws IOException {
        Path temp = temporary(file);
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The lines after the format line, or null when there is no such file or it is of another format
     * or version (either way: no record to trust).
     */
    static List<String> body(Path file, String header) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.isEmpty() || !lines.get(0).equals(header) ? null : lines.subList(1, lines.size());
    }

    /** The value of a {@code key=value} line, or null when {@code line} has another key. */
    static String value(String line, String key) {
        return line.length() > key.length() && line.startsWith(key) && line.charAt(key.length()) == '='
                ? line.substring(key.length() + 1)
                : null;
    }

    /** The validators among a record's lines, or null when it has neither. */
    static Validators validators(List<String> lines) {
        String etag = null;
        String modified = null;
        for (String line : lines) {
            etag = value(line, "etag") != null ? value(line, "etag") : etag;
            modified = value(line, "last-modified") != null ? value(line, "last-modified") : modified;
        }
        return Validators.of(etag, modified);
    }

    /** Deletes the record and a temporary one a kill may have left; one lookup when there is none. */
    static void delete(Path file) throws IOException {
        for (Path path : List.of(file, temporary(file))) {
            // Looked up first: deleting a missing file creates (and drops) an exception inside the JDK.
            if (Files.exists(path)) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }
}
