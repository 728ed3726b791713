package dev.curlmulti.core.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The libcurl files the tables are made from, as checked in (one directory, curl's own licence beside
 * them): its public headers and its {@code symbols-in-versions}. Immutable once read.
 *
 * @param version the libcurl release the files come from, for example {@code 8.14.1}
 * @param curl    {@code include/curl/curl.h}: easy options, info items, easy result codes
 * @param multi   {@code include/curl/multi.h}: multi options and multi result codes
 * @param symbols {@code docs/libcurl/symbols-in-versions}: when each name arrived and was deprecated
 */
record LibcurlSource(String version, CHeader curl, CHeader multi, SymbolsInVersions symbols) {
    /** Each checked-in file by its name in the checked-in directory, to its path in curl's source tree. */
    static final Map<String, String> FILES = files();

    private static final int MAX_LINE = 120;
    private static final Pattern VERSION = Pattern.compile("#define LIBCURL_VERSION \"(\\d+\\.\\d+\\.\\d+)(?:-DEV)?\"");

    /** Reads the files checked in under {@code directory}. */
    static LibcurlSource read(Path directory) {
        Matcher version = VERSION.matcher(read(directory, "curlver.h"));
        if (!version.find()) {
            throw new IllegalArgumentException(directory.resolve("curlver.h") + " has no LIBCURL_VERSION");
        }
        // A git checkout of a release tag says "8.14.1-DEV"; the release tarball, made from that tag, says "8.14.1".
        return new LibcurlSource(
                version.group(1),
                new CHeader(read(directory, "curl.h")),
                new CHeader(read(directory, "multi.h")),
                new SymbolsInVersions(read(directory, "symbols-in-versions")));
    }

    /** Copies the files from an unpacked curl source tree (release tarball or git checkout) into {@code directory}. */
    static void copy(Path curlSource, Path directory) throws IOException {
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            Path from = curlSource.resolve(file.getValue());
            if (!Files.isRegularFile(from)) {
                throw new IllegalArgumentException(curlSource + " is not a curl source tree: no " + file.getValue());
            }
        }
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            Files.copy(
                    curlSource.resolve(file.getValue()),
                    directory.resolve(file.getKey()),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@code 8.14} for {@code 8.14.1}: how the tables' javadoc names the release. */
    String majorMinor() {
        return version.substring(0, version.lastIndexOf('.'));
    }

    /** The release's git tag in curl's repository, for example {@code curl-8_14_1}. */
    String tag() {
        return "curl-" + version.replace('.', '_');
    }

    /** The comment that opens a generated file made from {@code sources} (curl's paths, as a phrase). */
    String banner(String sources) {
        // The tag stays one word, so a wrapped banner never breaks "(tag curl-8_14_1)." across lines.
        String text = "Generated from libcurl " + version + "'s " + sources + " (tag\u00a0" + tag() + ").\n"
                + "Do not edit by hand: every value mirrors libcurl's public ABI. "
                + "bin/generate-tables writes this file.";
        StringBuilder banner = new StringBuilder("/*\n");
        for (String sentence : text.split("\n")) {
            StringBuilder line = new StringBuilder(" *");
            for (String word : sentence.split(" ")) {
                if (line.length() + 1 + word.length() > MAX_LINE) {
                    banner.append(line).append('\n');
                    line = new StringBuilder(" *");
                }
                line.append(' ').append(word.replace('\u00a0', ' '));
            }
            banner.append(line).append('\n');
        }
        return banner.append(" */\n").toString();
    }

    private static String read(Path directory, String name) {
        try {
            return Files.readString(directory.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("curl.h", "include/curl/curl.h");
        files.put("multi.h", "include/curl/multi.h");
        files.put("curlver.h", "include/curl/curlver.h");
        files.put("symbols-in-versions", "docs/libcurl/symbols-in-versions");
        files.put("COPYING", "COPYING");
        return Collections.unmodifiableMap(files);
    }
}
