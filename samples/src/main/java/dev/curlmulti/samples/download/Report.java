package dev.curlmulti.samples.download;

import dev.curlmulti.reactor.HttpStatusException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine-readable report ({@code --report FILE}): one JSON object per line and entry, written
 * and flushed as each outcome is known, so a run that is killed leaves a report of what it
 * finished. Fields: url, file, bytes, sha256, status (HTTP, 0 when none), attempts, timeMs, result
 * (downloaded, not-modified, skipped, failed) and error (null unless failed). Written from one
 * thread; {@link #close} once. A null path writes nothing.
 */
final class Report implements AutoCloseable {
    private final Writer writer;

    Report(Path file) throws IOException {
        if (file == null) {
            writer = null;
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** Writes the line of {@code outcome} and flushes it. */
    void write(Outcome outcome) {
        if (writer == null) {
            return;
        }
        var result = outcome.result();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("url", outcome.item().entry().url());
        line.put("file", outcome.item().target().toString());
        line.put("bytes", bytes(outcome));
        line.put("sha256", sha256(outcome));
        line.put("status", status(outcome));
        line.put("attempts", result == null ? 0 : result.attempts());
        line.put(
                "timeMs",
                result == null || result.elapsed() == null
                        ? 0
                        : result.elapsed().toMillis());
        line.put("result", outcome.kind().word());
        line.put("error", outcome.error() == null ? null : Summary.reason(outcome.error(), Integer.MAX_VALUE));
        try {
            writer.write(Json.object(line));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report", e);
        }
    }

    /** What was downloaded, or for a file kept as it was, its SHA-256 when the manifest or journal knows it. */
    private static String sha256(Outcome outcome) {
        return switch (outcome.kind()) {
            case DOWNLOADED -> outcome.result().sha256();
            case SKIPPED, NOT_MODIFIED -> outcome.item().knownSha256();
            case FAILED -> null;
        };
    }

    /** The final HTTP status; a failure by status carries it in its exception rather than its result. */
    private static int status(Outcome outcome) {
        if (outcome.result() != null && outcome.result().status() != 0) {
            return outcome.result().status();
        }
        return outcome.error() instanceof HttpStatusException http ? http.status() : 0;
    }

    private static long bytes(Outcome outcome) {
        if (outcome.result() != null && outcome.kind() == Outcome.Kind.DOWNLOADED) {
            return outcome.result().bytes();
        }
        try {
            return outcome.complete() ? Files.size(outcome.item().target()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
