package dev.curlmulti.samples.download;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the input list in aria2c's input-file format: a URL at the start of a line, then option
 * lines for it that start with whitespace ({@code out=}, {@code checksum=sha-256=}, {@code header=},
 * and {@code size=}); {@code #} starts a comment line, blank lines are ignored. A plain list of URLs
 * is a valid manifest. Anything else fails with {@link ManifestException} naming the line, before
 * a byte is fetched. Stateless.
 */
final class Manifest {
    /** The name of the journal in the output directory, which no entry may write over. */
    static final String RESERVED = Journal.FILE_NAME;

    private Manifest() {}

    /** A line of the manifest that cannot be used. */
    static final class ManifestException extends Exception {
        private static final long serialVersionUID = 1L;

        ManifestException(String source, int line, String message) {
            super(source + ":" + line + ": " + message);
        }
    }

    /** Every entry of {@code reader}; {@code source} names it in errors. */
    static List<Entry> read(BufferedReader reader, String source) throws IOException, ManifestException {
        List<Entry> entries = new ArrayList<>();
        Builder current = null;
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (current == null) {
                    throw new ManifestException(source, number, "an indented option line needs a URL line above it");
                }
                current.option(source, number, trimmed);
                continue;
            }
            if (current != null) {
                entries.add(current.build());
            }
            if (trimmed.indexOf('\t') >= 0 || trimmed.indexOf(' ') >= 0) {
                throw new ManifestException(
                        source, number, "one URL per line (several mirror URLs on a line are not supported)");
            }
            current = new Builder(number, trimmed);
        }
        if (current != null) {
            entries.add(current.build());
        }
        return entries;
    }

    /**
     * An output name given with {@code out=}: a relative path under the output directory, with no
     * {@code ..} and not the journal.
     *
     * @throws IllegalArgumentException when the name would leave the directory or is the journal's
     */
    static String checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty file name");
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException("absolute path refused (names are relative to -o): " + name);
        }
        Path path = Path.of(name);
        if (path.isAbsolute()) {
            throw new IllegalArgumentException("absolute path refused (names are relative to -o): " + name);
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                throw new IllegalArgumentException("'..' refused (names stay under -o): " + name);
            }
        }
        if (path.normalize().toString().equals(RESERVED)
                || path.normalize().toString().isEmpty()) {
            throw new IllegalArgumentException("name refused: " + name);
        }
        return path.normalize().toString();
    }

    private static final class Builder {
        private final int line;
        private final String url;
        private String out;
        private String sha256;
        private long size = -1;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();

        Builder(int line, String url) {
            this.line = line;
            this.url = url;
        }

        void option(String source, int number, String text) throws ManifestException {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new ManifestException(source, number, "expected name=value, got: " + text);
            }
            String name = text.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = text.substring(eq + 1).strip();
            try {
                switch (name) {
                    case "out" -> out = checkName(value);
                    case "checksum" -> sha256 = checksum(value);
                    case "size" -> size = size(value);
                    case "header" -> headers.add(Headers.parse(value));
                    default ->
                        throw new IllegalArgumentException(
                                "unknown option '" + name + "' (known: out, checksum, header, size)");
                }
            } catch (IllegalArgumentException e) {
                throw new ManifestException(source, number, e.getMessage());
            }
        }

        private static String checksum(String value) {
            int eq = value.indexOf('=');
            String type = eq < 0 ? "" : value.substring(0, eq).toLowerCase(Locale.ROOT);
            if (!type.equals("sha-256")) {
                throw new IllegalArgumentException("checksum must be sha-256=HEX, got: " + value);
            }
            String hex = value.substring(eq + 1).toLowerCase(Locale.ROOT);
            if (hex.length() != 64 || !hex.chars().allMatch(HexFormat::isHexDigit)) {
                throw new IllegalArgumentException("a SHA-256 is 64 hex digits, got: " + hex);
            }
            return hex;
        }

        private static long size(String value) {
            if (value.isEmpty() || !value.chars().allMatch(Character::isDigit) || value.length() > 18) {
                throw new IllegalArgumentException("size is a number of bytes, got: " + value);
            }
            return Long.parseLong(value);
        }

        Entry build() {
            return new Entry(line, url, out, sha256, size, List.copyOf(headers));
        }
    }
}
