package dev.curlmulti.samples.download;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record of files this downloader completed in an output directory, one JSON line per file
 * appended as each completes: what a rerun trusts to call a file complete without fetching or
 * hashing it again. A line torn by a kill and any line that does not parse are ignored; the last
 * line for a name wins. Appends come from one thread (the one that takes results); {@link #close}
 * once.
 */
final class Journal implements AutoCloseable {
    /** The journal's name in the output directory. */
    static final String FILE_NAME = ".curl-multi-download.jsonl";

    /**
     * One completed file.
     *
     * @param name         its path relative to the output directory
     * @param url          where it came from
     * @param size         its length
     * @param mtime        its modification time in milliseconds, as written
     * @param sha256       its SHA-256 (hex)
     * @param etag         the server's ETag for it, or null
     * @param lastModified the server's Last-Modified for it, or null
     */
    record Record(String name, String url, long size, long mtime, String sha256, String etag, String lastModified) {}

    private final Path file;
    private final Map<String, Record> entries;
    private Writer writer;

    private Journal(Path file, Map<String, Record> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** The journal of {@code directory}, read now; empty when there is none. */
    static Journal open(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        Map<String, Record> entries = new HashMap<>();
        if (Files.exists(file)) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    Record record = parse(line);
                    if (record != null) {
                        entries.put(record.name(), record);
                    }
                }
            }
        }
        return new Journal(file, entries);
    }

    private static Record parse(String line) {
        try {
            Map<String, Object> m = Json.parse(line);
            if (!(m.get("name") instanceof String name)
                    || !(m.get("size") instanceof Long size)
                    || !(m.get("mtime") instanceof Long mtime)) {
                return null;
            }
            return new Record(
                    name, (String) m.get("url"), size, mtime, (String) m.get("sha256"), (String) m.get("etag"), (String)
                            m.get("lastModified"));
        } catch (IllegalArgumentException | ClassCastException e) {
            // A line torn by a kill, or edited by hand: as if it were not there.
            return null;
        }
    }

    /** The last record for {@code name}, or null. */
    Record get(String name) {
        return entries.get(name);
    }

    /** Appends {@code record} and flushes it, so a kill right after keeps it. */
    void append(Record record) {
        try {
            if (writer == null) {
                endTornLine();
                writer = Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", record.name());
            m.put("url", record.url());
            m.put("size", record.size());
            m.put("mtime", record.mtime());
            m.put("sha256", record.sha256());
            m.put("etag", record.etag());
            m.put("lastModified", record.lastModified());
            writer.write(Json.object(m));
            writer.write('\n');
            writer.flush();
            entries.put(record.name(), record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + file, e);
        }
    }

    /** A killed run can leave half a line; the next line must not be glued to it. */
    private void endTornLine() throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, channel.size() - 1);
            if (last.get(0) != '\n') {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}), channel.size());
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
