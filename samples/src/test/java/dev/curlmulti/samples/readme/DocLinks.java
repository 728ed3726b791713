package dev.curlmulti.samples.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relative links of Markdown pages and whether they lead somewhere: a file or directory that
 * exists, and, for {@code #anchor}, a heading of that page whose GitHub anchor it is. Links in code
 * (fenced blocks and {@code `spans`}) are not links, and {@code http(s)://} ones are not checked
 * (the test must not leave loopback).
 */
final class DocLinks {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

    private DocLinks() {}

    /** Every relative link of {@code page} whose file or anchor is missing, as {@code page:LINE: target}. */
    static List<String> broken(Path root, Path page) throws IOException {
        List<String> broken = new ArrayList<>();
        List<String> lines = Files.readAllLines(page);
        boolean inFence = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (link.find()) {
                String target = link.group(1);
                if (!target.matches("(?i)^[a-z][a-z0-9+.-]*:.*") && !leads(page, target)) {
                    broken.add(root.relativize(page) + ":" + (n + 1) + ": " + target);
                }
            }
        }
        return broken;
    }

    private static boolean leads(Path page, String target) {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path to = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(to)) {
            return false;
        }
        return hash < 0 || (to.toString().endsWith(".md") && anchors(to).contains(target.substring(hash + 1)));
    }

    /** The anchors GitHub gives a page's headings: a repeated one gets {@code -1}, {@code -2}, ... */
    static Set<String> anchors(Path page) {
        try {
            Set<String> anchors = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean inFence = false;
            for (String line : Files.readAllLines(page)) {
                if (line.strip().startsWith("```")) {
                    inFence = !inFence;
                }
                Matcher h = HEADING.matcher(line);
                if (!inFence && h.matches()) {
                    String slug = slug(h.group(1));
                    int times = seen.merge(slug, 1, Integer::sum);
                    anchors.add(times == 1 ? slug : slug + "-" + (times - 1));
                }
            }
            return anchors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GitHub's rule: lower case, punctuation but {@code -} and {@code _} dropped, spaces to {@code -}. */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }
}
