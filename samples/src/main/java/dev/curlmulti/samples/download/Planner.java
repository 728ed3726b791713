package dev.curlmulti.samples.download;

import dev.curlmulti.reactor.CurlRequest;
import dev.curlmulti.reactor.DownloadRequest;
import dev.curlmulti.reactor.Validators;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the entries into downloads, deciding for each file already in the output directory whether
 * it is complete. The rule: a manifest size that differs means fetch again; with a manifest SHA-256
 * the file is complete only when it has that hash (a journal record with the file's size, time and
 * that hash is trusted without reading the file); otherwise a journal record with the file's size,
 * time and URL makes it complete, checked with the server by a conditional request when the record
 * has validators; a manifest size that matches also makes it complete; anything else is fetched
 * again. Used by one thread.
 */
final class Planner {
    /**
     * One entry's fate.
     *
     * @param entry    what was asked
     * @param name     its file name under the output directory
     * @param target   the file
     * @param download the download to make, or null when the file is complete already
     * @param knownSha256 the SHA-256 of the copy there when it is kept or checked (from the manifest or
     *                 the journal), else null
     */
    record Item(Entry entry, String name, Path target, DownloadRequest download, String knownSha256) {}

    /** What a file name keeps of a URL's last segment; the rest becomes {@code _}. Compiled once: plans are long. */
    private static final Pattern UNSAFE_IN_NAME = Pattern.compile("[^A-Za-z0-9._-]");

    private final Path output;
    private final Journal journal;
    private final boolean resume;
    /** Hash every file, not only those with an expected SHA-256: it costs about as much CPU as the transfer. */
    private final boolean hash;

    private final int segments;
    private final long minSegmentBytes;

    Planner(Path output, Journal journal, boolean resume, boolean hash, int segments, long minSegmentBytes) {
        this.output = output;
        this.journal = journal;
        this.resume = resume;
        this.hash = hash;
        this.segments = segments;
        this.minSegmentBytes = minSegmentBytes;
    }

    /**
     * One item per entry, in order.
     *
     * @throws Manifest.ManifestException two entries name the same file with {@code out=}
     */
    List<Item> plan(List<Entry> entries) throws IOException, Manifest.ManifestException {
        List<Item> items = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (Entry entry : entries) {
            String name;
            if (entry.out() != null) {
                name = entry.out();
                if (names.merge(name, 1, Integer::sum) > 1) {
                    throw new Manifest.ManifestException("manifest", entry.line(), "out=" + name + " used twice");
                }
            } else {
                name = fileName(entry.url());
                int seen = names.merge(name, 1, Integer::sum);
                if (seen > 1) {
                    name = seen + "-" + name;
                }
            }
            Path target = output.resolve(name);
            DownloadRequest download = decide(entry, name, target);
            String known = null;
            if (download == null || download.ifUnchanged() != null) {
                Journal.Record record = journal.get(name);
                known = entry.sha256() != null ? entry.sha256() : record == null ? null : record.sha256();
            }
            items.add(new Item(entry, name, target, download, known));
        }
        return items;
    }

    private DownloadRequest decide(Entry entry, String name, Path target) throws IOException {
        if (!Files.isRegularFile(target)) {
            return download(entry, target, null);
        }
        long size = Files.size(target);
        long mtime = Files.getLastModifiedTime(target).toMillis();
        if (entry.size() >= 0 && size != entry.size()) {
            return download(entry, target, null);
        }
        Journal.Record record = journal.get(name);
        boolean recorded = record != null && record.size() == size && record.mtime() == mtime;
        if (entry.sha256() != null) {
            if (recorded && entry.sha256().equals(record.sha256())) {
                return null;
            }
            String actual = sha256(target);
            if (!actual.equals(entry.sha256())) {
                return download(entry, target, null);
            }
            // Hashed once: the next run trusts the journal instead of reading the file again.
            journal.append(new Journal.Record(name, entry.url(), size, mtime, actual, null, null));
            return null;
        }
        if (recorded && entry.url().equals(record.url())) {
            Validators validators = Validators.of(record.etag(), record.lastModified());
            return validators == null ? null : download(entry, target, validators);
        }
        return entry.size() >= 0 ? null : download(entry, target, null);
    }

    private DownloadRequest download(Entry entry, Path target, Validators ifUnchanged) {
        CurlRequest.Builder request = CurlRequest.builder(entry.url());
        for (Map.Entry<String, String> header : entry.headers()) {
            request.header(header.getKey(), header.getValue());
        }
        DownloadRequest download = new DownloadRequest(request.build(), target, resume, hash);
        if (segments > 1) {
            download = download.withSegments(segments, minSegmentBytes);
        }
        if (entry.size() >= 0) {
            download = download.withExpectedSize(entry.size());
        }
        if (entry.sha256() != null) {
            download = download.withExpectedSha256(entry.sha256());
        }
        return download.ifUnchanged(ifUnchanged);
    }

    /** The last path segment of {@code url}, made safe for a file name; {@code index.html} when there is none. */
    static String fileName(String url) {
        int end = url.length();
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String name = UNSAFE_IN_NAME
                .matcher(url.substring(url.lastIndexOf('/', end - 1) + 1, end))
                .replaceAll("_");
        return name.isEmpty() || name.equals(".") || name.equals("..") || name.equals(Journal.FILE_NAME)
                ? "index.html"
                : name;
    }

    /** The hex SHA-256 of a file's content. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
