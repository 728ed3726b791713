package dev.curlmulti.reactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * The file an {@link AltSvcCache} or {@link HstsCache} keeps in libcurl's own format, which is how
 * libcurl's per-handle caches are fed (libcurl has no other way in for alt-svc). The Java cache is
 * the only writer: it writes the whole file to a temporary file beside it and renames it over the
 * old one (atomic on one file system), so libcurl, reading it on a loop thread, sees the old or the
 * new content, never half of one. Writes run on Reactor's bounded-elastic threads, never on a loop
 * thread, and changes that arrive while one is queued share it.
 *
 * <p>Thread-safe. {@link #generation()} counts the versions written; a handle that loaded an older
 * one loads again.
 */
final class CacheFile {
    private static final Logger LOG = LoggerFactory.getLogger(CurlClient.class);
    /** libcurl's date format in both files ({@code "20261207 19:15:00"}, UTC). */
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Path path;
    private final String heading;
    private final Supplier<List<String>> lines;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicBoolean warned = new AtomicBoolean();
    /** The version on disk and its line count, replaced together. */
    private volatile Written written;

    /** A version of the file: which change it includes, how many entries it holds. */
    record Written(long generation, int lines) {}

    /**
     * @param path    the file (created empty when missing, so libcurl always finds one)
     * @param heading the comment libcurl writes at the top of its own files
     * @param lines   the cache's entries as file lines, read when a write runs
     * @param loaded  entries already in the file when the cache was made
     */
    CacheFile(Path path, String heading, Supplier<List<String>> lines, int loaded) {
        this.path = path.toAbsolutePath();
        this.heading = heading;
        this.lines = lines;
        this.written = new Written(loaded > 0 ? 1 : 0, loaded);
        changes.set(written.generation());
        try {
            if (!Files.exists(this.path)) {
                writeNow();
            }
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("cannot write the cache file " + this.path + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    /** The version on disk. */
    Written written() {
        return written;
    }

    /** The cache changed: the file is written again soon, off the calling thread. */
    void changed() {
        changes.incrementAndGet();
        if (queued.compareAndSet(false, true)) {
            Schedulers.boundedElastic().schedule(this::writeQueued);
        }
    }

    private void writeQueued() {
        queued.set(false);
        if (written.generation() >= changes.get()) {
            // A save() already wrote every change: leave the file (and its directory) alone.
            return;
        }
        try {
            writeNow();
        } catch (UncheckedIOException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("cannot write {} (the cache keeps working in memory): {}", path, e.getMessage());
            }
        }
    }

    /** Writes the current entries now, on this thread. */
    synchronized void writeNow() {
        long generation = changes.get();
        List<String> content = lines.get();
        StringBuilder text = new StringBuilder(heading).append('\n');
        for (String line : content) {
            text.append(line).append('\n');
        }
        Path temporary = null;
        try {
            Path directory = path.getParent();
            Files.createDirectories(directory);
            // createTempFile makes it readable by its owner only, like the file it replaces.
            temporary = Files.createTempFile(directory, "." + path.getFileName(), ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a stray temporary file is harmless
                }
            }
        }
        if (generation > written.generation()) {
            written = new Written(generation, content.size());
        }
    }

    /** The lines of the file as it is now (none when it is missing). */
    static List<String> read(Path path) {
        try {
            return Files.exists(path) ? Files.readAllLines(path, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the cache file " + path + ": " + e.getMessage(), e);
        }
    }

    /** A time in libcurl's file format, quoted. */
    static String date(Instant time) {
        return '"' + DATE.format(time) + '"';
    }

    /** A date in libcurl's file format (without quotes), or null when it is not one. */
    static Instant parseDate(String text) {
        try {
            return DATE.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A fresh temporary file for a cache kept in memory, removed when the JVM exits. */
    static Path temporary(String prefix) {
        try {
            Path file = Files.createTempFile(prefix, ".txt");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
