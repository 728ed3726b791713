package dev.curlmulti.reactor;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hosts a client knows to be https-only (HSTS, RFC 6797), shared by all its requests and
 * optionally kept in a file: with it ({@link CurlClient.Builder#hsts}), once an https response from
 * a host carried {@code Strict-Transport-Security}, libcurl sends a later {@code http://} URL to that
 * host (and, with {@code includeSubDomains}, its subdomains) as {@code https://} before connecting,
 * for the {@code max-age} the header gave. Headers over plain http and from IP addresses are
 * ignored, as the RFC says.
 *
 * <p>libcurl keeps an HSTS cache per easy handle; sharing it between threads (the share's
 * {@code CURL_LOCK_DATA_HSTS}) is documented as unsafe, and a client's handles run on several loop
 * threads, so this cache is the client's: learned from the final response of each https request,
 * written (whole, atomically) to {@link #file()} in libcurl's format, which libcurl reads again at the
 * start of every transfer of a handle of the client (one small file read per request).
 *
 * <p>Thread-safe; one cache may serve several clients. Nothing to close: an in-memory cache's
 * temporary file goes when the JVM exits.
 */
public final class HstsCache {
    /** libcurl's {@code CURLHSTS_ENABLE | CURLHSTS_READONLYFILE}: this class writes the file. */
    static final long CONTROL_BITS = 1 | 2;

    private static final Pattern LINE = Pattern.compile("^(\\.?)(\\S+) \"([^\"]+)\"\\s*$");
    private static final String UNLIMITED = "unlimited";

    /**
     * One https-only host.
     *
     * @param host              the host name (lower case)
     * @param includeSubDomains whether its subdomains are https-only too
     * @param expires           when that ends; {@link Instant#MAX} for never
     */
    public record Entry(String host, boolean includeSubDomains, Instant expires) {}

    private final Map<String, Entry> hosts = new ConcurrentHashMap<>();
    /** Handles that read the file: libcurl keeps the file's name and reads it before each transfer. */
    private final Set<Curl> handles = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private final CacheFile file;

    private HstsCache(Path path) {
        load(path);
        this.file = new CacheFile(path, "# Your HSTS cache. https://curl.se/docs/hsts.html", this::lines, hosts.size());
    }

    /** A cache kept in memory (and in a private temporary file libcurl reads, removed when the JVM exits). */
    public static HstsCache inMemory() {
        return new HstsCache(CacheFile.temporary("curl-hsts"));
    }

    /**
     * A cache kept in {@code file}: what it holds is loaded now (expired entries dropped), and every
     * change is written back soon after, replacing the file atomically.
     *
     * @throws IllegalArgumentException the file cannot be read or created
     */
    public static HstsCache file(Path file) {
        return new HstsCache(Objects.requireNonNull(file, "file"));
    }

    /** The file libcurl reads this cache from. */
    public Path file() {
        return file.path();
    }

    /** The https-only hosts not yet expired. */
    public List<Entry> entries() {
        Instant now = Instant.now();
        List<Entry> all = new ArrayList<>();
        for (Entry entry : hosts.values()) {
            if (entry.expires().isAfter(now)) {
                all.add(entry);
            }
        }
        return all;
    }

    /** Adds (or replaces) a host, as a preload list would. */
    public void add(String host, boolean includeSubDomains, Instant expires) {
        String name = host.toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9.-]{1,253}")) {
            throw new IllegalArgumentException("not a host name: " + host);
        }
        hosts.put(name, new Entry(name, includeSubDomains, Objects.requireNonNull(expires, "expires")));
        file.changed();
    }

    /**
     * Writes the file now, on this thread (the cache also writes it by itself soon after each change). A
     * write the cache had queued for changes made before this call is then skipped: nothing touches the file
     * after this returns until the next change.
     */
    public void save() {
        file.writeNow();
    }

    /** The {@code Strict-Transport-Security} of a final https response from {@code host}; on a loop thread. */
    void learn(String host, String value) {
        HstsHeader.Policy policy = HstsHeader.parse(value);
        if (policy == null || HstsHeader.isIpAddress(host)) {
            return;
        }
        if (policy.maxAge() == 0) {
            if (hosts.remove(host) != null) {
                file.changed();
            }
            return;
        }
        Instant now = Instant.now();
        Instant expires = now.plusSeconds(policy.maxAge());
        Entry known = hosts.get(host);
        // Every response repeats the header: only news (or an expiry half gone) rewrites the file.
        if (known == null
                || known.includeSubDomains() != policy.includeSubDomains()
                || known.expires().isBefore(now.plusSeconds(policy.maxAge() / 2))) {
            hosts.put(host, new Entry(host, policy.includeSubDomains(), expires));
            file.changed();
        }
    }

    /** Before a request: {@code handle} reads the file from now on (libcurl re-reads it per transfer). */
    void prepare(Curl handle) {
        if (handles.add(handle)) {
            // Once per handle: libcurl appends each name given to a list it reads at every start.
            handle.setopt(CurlOpt.HSTS, file.path().toString());
        }
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Entry e : entries()) {
            String date = e.expires().equals(Instant.MAX) ? '"' + UNLIMITED + '"' : CacheFile.date(e.expires());
            lines.add((e.includeSubDomains() ? "." : "") + e.host() + " " + date);
        }
        return lines;
    }

    private void load(Path path) {
        Instant now = Instant.now();
        for (String line : CacheFile.read(path)) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Instant expires = m.group(3).equals(UNLIMITED) ? Instant.MAX : CacheFile.parseDate(m.group(3));
            if (expires != null && expires.isAfter(now)) {
                String host = m.group(2).toLowerCase(Locale.ROOT);
                hosts.merge(
                        host,
                        new Entry(host, !m.group(1).isEmpty(), expires),
                        (a, b) -> a.expires().isAfter(b.expires()) ? a : b);
            }
        }
    }
}
