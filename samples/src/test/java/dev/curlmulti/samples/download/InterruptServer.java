package dev.curlmulti.samples.download;

import dev.curlmulti.core.testing.Nginx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real nginx on loopback (ranges, keep-alive) that serves generated files slowly until the test lifts
 * the throttle. Throttled, every response is limited to {@code bytesPerSecond}, so a run of the downloader
 * cannot finish for seconds after it has made visible progress, and a test interrupts it at a file-system
 * condition with a wide margin instead of a timing guess; lifted (before the rerun), responses go at loopback
 * speed, which keeps the test short. The switch is a flag file nginx checks per request, so nothing restarts
 * and the URLs stay the same.
 *
 * <p>Each run's requests go to their own access log ({@code combined} format: method, path, status, body
 * bytes sent). nginx logs a request when it ends, so the killed run's aborted requests may be logged late,
 * but still in the first run's log: the log is chosen when the request starts.
 *
 * <p><b>Threading:</b> one test thread. {@link #close()} stops nginx and deletes its files.
 */
final class InterruptServer implements AutoCloseable {
    /** A file the server holds: its name, its exact bytes and their SHA-256. */
    record Served(String name, byte[] content, String sha256) {
        int size() {
            return content.length;
        }
    }

    /** One request in an access log. */
    record Logged(String method, String path, int status, long bodyBytes) {}

    private static final Pattern COMBINED = Pattern.compile("\"(\\S+) (\\S+) [^\"]*\" (\\d{3}) (\\d+) ");

    private final Path logs;
    private final Path unthrottled;
    private final Nginx nginx;
    private int files;

    InterruptServer(Path directory, int bytesPerSecond) throws IOException {
        logs = Files.createDirectories(directory.resolve("logs"));
        unthrottled = directory.resolve("unthrottled");
        nginx = new Nginx("""
                set $interrupt_rate %d;
                set $interrupt_run first;
                if (-f %s) {
                    set $interrupt_rate 0;
                    set $interrupt_run rerun;
                }
                limit_rate $interrupt_rate;
                access_log %s/access-$interrupt_run.log combined;
                """.formatted(bytesPerSecond, unthrottled, logs));
    }

    /**
     * Serves {@code name} with {@code size} bytes (a multiple of 8) in which every 8-byte word holds this
     * file's number and its own offset: no two files and no two places in one file are alike, so a byte
     * written to the wrong file or the wrong offset changes the checksum, and no word is zero, so a hole
     * in a file is told apart from data.
     */
    Served serve(String name, int size) {
        long number = ++files;
        ByteBuffer content = ByteBuffer.allocate(size);
        for (long offset = 0; offset < size; offset += 8) {
            content.putLong(number << 40 | offset);
        }
        byte[] bytes = content.array();
        nginx.writeFile(name, bytes);
        try {
            return new Served(
                    name,
                    bytes,
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String url(String name) {
        return nginx.httpUrl(name);
    }

    /** From the next request on, responses go at full speed and are logged as the rerun's. */
    void liftThrottle() throws IOException {
        Files.createFile(unthrottled);
    }

    /** The requests of the throttled run that nginx has logged so far. */
    List<Logged> firstRunRequests() {
        return read(logs.resolve("access-first.log"));
    }

    /** The requests made after {@link #liftThrottle()} that nginx has logged so far. */
    List<Logged> rerunRequests() {
        return read(logs.resolve("access-rerun.log"));
    }

    private static List<Logged> read(Path log) {
        List<Logged> requests = new ArrayList<>();
        try {
            if (!Files.exists(log)) {
                return requests;
            }
            for (String line : Files.readAllLines(log)) {
                Matcher m = COMBINED.matcher(line);
                if (m.find()) {
                    requests.add(new Logged(
                            m.group(1),
                            m.group(2).substring(1),
                            Integer.parseInt(m.group(3)),
                            Long.parseLong(m.group(4))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return requests;
    }

    @Override
    public void close() {
        nginx.close();
    }
}
