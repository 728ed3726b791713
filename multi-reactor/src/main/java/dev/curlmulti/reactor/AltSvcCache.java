package dev.curlmulti.reactor;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alternative services ({@code Alt-Svc}, RFC 7838) a client has learned, shared by all its
 * requests and optionally kept in a file: with it ({@link CurlClient.Builder#altSvc}), a client that
 * starts on HTTP/2 or HTTP/1.1 moves an origin to HTTP/3 on its next new connection once the origin
 * advertised HTTP/3 (with a libcurl that has HTTP/3). Only {@code https} responses are believed, and
 * libcurl only connects to an alternative that proves it is the origin with its certificate.
 *
 * <p>libcurl keeps an alt-svc cache per easy handle and loads it only from a file; this cache is
 * the one every handle of the client loads: learned from the final response of each https request,
 * written (whole, atomically) to {@link #file()}, and loaded by a handle before its next request
 * when the file changed since it last did. The file is in libcurl's format, so the curl tool
 * ({@code curl --alt-svc FILE}) reads it too.
 *
 * <p>Thread-safe; one cache may serve several clients (and a client's {@link CurlClient#mutate()
 * copies} share it). Nothing to close: an in-memory cache's temporary file goes when the JVM exits.
 */
public final class AltSvcCache {
    /** libcurl's {@code CURLALTSVC_*} bits: never write the file (this class does), accept h1, h2, h3. */
    private static final long READONLY_FILE = 1 << 2;

    private static final long H1 = 1 << 3;
    private static final long H2 = 1 << 4;
    private static final long H3 = 1 << 5;
    /** A handle that loaded this many entries and four times the file's is replaced rather than fed again. */
    private static final long RETIRE_AFTER = 256;

    private static final Pattern LINE = Pattern.compile(
            "^(h[123]) (\\S+) (\\d{1,5}) (h[123]) (\\S+) (\\d{1,5}) \"([^\"]+)\" ([01])(?: \\d+)?\\s*$");

    /**
     * One alternative of an origin.
     *
     * @param host            the origin's host (lower case)
     * @param port            the origin's port
     * @param protocol        the alternative's protocol: {@code h3}, {@code h2} or {@code h1}
     * @param alternativeHost where the alternative is (the origin's host when it named none)
     * @param alternativePort the alternative's port
     * @param expires         when it stops being used
     * @param persist         whether the server asked to keep it across network changes
     */
    public record Alternative(
            String host,
            int port,
            String protocol,
            String alternativeHost,
            int alternativePort,
            Instant expires,
            boolean persist) {}

    /** Alternatives by origin ({@code host:port}). */
    private final Map<String, List<Alternative>> origins = new ConcurrentHashMap<>();
    /** Per handle: the file generation it loaded, and how many entries it loaded in all. */
    private final Map<Curl, long[]> handles = Collections.synchronizedMap(new WeakHashMap<>());

    private final CacheFile file;

    private AltSvcCache(Path path) {
        load(path);
        this.file = new CacheFile(
                path, "# Your alt-svc cache. https://curl.se/docs/alt-svc.html", this::lines, lines().size());
    }

    /** A cache kept in memory (and in a private temporary file libcurl reads, removed when the JVM exits). */
    public static AltSvcCache inMemory() {
        return new AltSvcCache(CacheFile.temporary("curl-alt-svc"));
    }

    /**
     * A cache kept in {@code file}: what it holds is loaded now (expired entries dropped), and every
     * change is written back soon after, replacing the file atomically.
     *
     * @throws IllegalArgumentException the file cannot be read or created
     */
    public static AltSvcCache file(Path file) {
        return new AltSvcCache(Objects.requireNonNull(file, "file"));
    }

    /** The file libcurl reads this cache from. */
    public Path file() {
        return file.path();
    }

    /** The alternatives not yet expired, origin by origin. */
    public List<Alternative> alternatives() {
        Instant now = Instant.now();
        List<Alternative> all = new ArrayList<>();
        for (List<Alternative> list : origins.values()) {
            for (Alternative alternative : list) {
                if (alternative.expires().isAfter(now)) {
                    all.add(alternative);
                }
            }
        }
        return all;
    }

    /** Forgets every alternative (handles forget them on their next load; connections already made stay). */
    public void clear() {
        origins.clear();
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

    /** The {@code CURLOPT_ALTSVC_CTRL} bits: h1 and h2, and h3 when the loaded libcurl has HTTP/3. */
    static long controlBits() {
        return READONLY_FILE | H1 | H2 | (CurlVersion.current().hasFeature("HTTP3") ? H3 : 0);
    }

    /** The {@code Alt-Svc} of a final https response from {@code host:port}; called on a loop thread. */
    void learn(String host, int port, List<String> values) {
        String joined = String.join(",", values);
        String origin = host + ":" + port;
        if (AltSvcHeader.isClear(joined)) {
            if (origins.remove(origin) != null) {
                file.changed();
            }
            return;
        }
        Instant now = Instant.now();
        List<Alternative> fresh = new ArrayList<>();
        for (AltSvcHeader.Offer offer : AltSvcHeader.parse(joined)) {
            String target = offer.host().isEmpty() ? host : offer.host();
            Instant expires = now.plusSeconds(Math.min(offer.maxAge(), 10L * 365 * 86_400));
            fresh.add(new Alternative(host, port, offer.protocol(), target, offer.port(), expires, offer.persist()));
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<Alternative> old = origins.get(origin);
        if (old == null || AltSvcChanges.matter(old, fresh, now)) {
            origins.put(origin, List.copyOf(fresh));
            file.changed();
        }
    }

    /** Before a request: {@code handle} loads the file when it changed since it last did. */
    void prepare(Curl handle) {
        CacheFile.Written now = file.written();
        if (now.generation() == 0) {
            return;
        }
        long[] seen = handles.get(handle);
        if (seen != null && seen[0] >= now.generation()) {
            return;
        }
        // libcurl adds a loaded file's entries to what the handle holds; a handle that has loaded
        // many versions is given up after this request (changing a template option does that).
        handle.setopt(CurlOpt.ALTSVC, file.path().toString());
        long loaded = (seen == null ? 0 : seen[1]) + now.lines();
        if (loaded > RETIRE_AFTER && loaded > 4L * now.lines()) {
            handle.setopt(CurlOpt.ALTSVC_CTRL, controlBits());
        }
        handles.put(handle, new long[] {now.generation(), loaded});
    }

    /** The entries as libcurl's file lines: each alternative for an origin reached over h1 or h2. */
    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Alternative a : alternatives()) {
            String rest = " " + a.host() + " " + a.port() + " " + a.protocol() + " " + a.alternativeHost() + " "
                    + a.alternativePort() + " " + CacheFile.date(a.expires()) + " " + (a.persist() ? 1 : 0) + " 0";
            // Alt-Svc is per origin; libcurl files it under the protocol it arrived over and looks
            // it up under the one a new connection would use first (h2, else h1).
            lines.add("h2" + rest);
            lines.add("h1" + rest);
        }
        return lines;
    }

    private void load(Path path) {
        Instant now = Instant.now();
        for (String line : CacheFile.read(path)) {
            Matcher m = LINE.matcher(line);
            Instant expires = m.matches() ? CacheFile.parseDate(m.group(7)) : null;
            if (expires == null || !expires.isAfter(now)) {
                continue;
            }
            Alternative a = new Alternative(
                    m.group(2),
                    Integer.parseInt(m.group(3)),
                    m.group(4),
                    m.group(5),
                    Integer.parseInt(m.group(6)),
                    expires,
                    m.group(8).equals("1"));
            List<Alternative> list = origins.computeIfAbsent(a.host() + ":" + a.port(), k -> new ArrayList<>());
            if (!AltSvcChanges.contains(list, a)) {
                list.add(a);
            }
        }
    }
}
