package dev.curlmulti.samples.readme;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The {@code ```java} blocks of a Markdown page (the README or a page under {@code docs/}), each a whole
 * example by the documentation's convention: its imports, then statements that run in a {@code main}
 * method that may throw. Each block becomes a class with that {@code main}; compiler messages point at
 * the page's lines.
 */
final class ReadmeBlocks {
    /** Any fence opening a Java block, however indented or capitalised (so none is skipped unseen). */
    static final Pattern JAVA_FENCE = Pattern.compile("(?i)^(\\s*)```\\s*java\\b.*$");

    private static final Pattern FENCE_END = Pattern.compile("^\\s*```\\s*$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");

    /**
     * One block: {@code key} is its page, its heading and its number under it; its lines and their line
     * numbers in {@code page}.
     */
    record Block(String page, String key, int firstLine, List<String> lines, List<Integer> lineNumbers) {
        /** Unique over every page: the page's name, letters and digits only, and the block's first line. */
        String className() {
            return "Example_" + page.replaceAll("[^A-Za-z0-9]", "_") + "_line" + firstLine;
        }

        /**
         * The block as a compilation unit, {@code replacements} applied: the leading imports, then
         * the rest as the body of {@code main}, opened on one line so every other line keeps its
         * page line; returns the source and, per source line, the page line it came from.
         */
        Unit unit(Map<String, String> replacements) {
            StringBuilder source = new StringBuilder();
            List<Integer> pageLines = new ArrayList<>();
            int i = 0;
            while (i < lines.size() && (lines.get(i).isBlank() || lines.get(i).startsWith("import "))) {
                source.append(lines.get(i)).append('\n');
                pageLines.add(lineNumbers.get(i++));
            }
            source.append("public final class ")
                    .append(className())
                    .append(" { public static void main(String[] args) throws Exception {\n");
            pageLines.add(firstLine);
            for (; i < lines.size(); i++) {
                String line = lines.get(i);
                for (Map.Entry<String, String> r : replacements.entrySet()) {
                    line = line.replace(r.getKey(), r.getValue());
                }
                source.append(line).append('\n');
                pageLines.add(lineNumbers.get(i));
            }
            source.append("}}\n");
            pageLines.add(lineNumbers.get(lineNumbers.size() - 1));
            return new Unit(page, className(), source.toString(), pageLines);
        }
    }

    /** A block's source and the line in {@code page} of each of its lines. */
    record Unit(String page, String className, String source, List<Integer> pageLines) {}

    private ReadmeBlocks() {}

    /** Every Java block of {@code markdown}, in order; {@code page} names it in keys and messages. */
    static List<Block> parse(String page, String markdown) {
        List<Block> blocks = new ArrayList<>();
        Map<String, Integer> perHeading = new HashMap<>();
        String heading = "(top)";
        String[] lines = markdown.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            Matcher fence = JAVA_FENCE.matcher(lines[n]);
            if (fence.matches()) {
                String indent = fence.group(1);
                List<String> body = new ArrayList<>();
                List<Integer> numbers = new ArrayList<>();
                int start = n + 1;
                for (n++; n < lines.length && !FENCE_END.matcher(lines[n]).matches(); n++) {
                    // An indented block (in a list item) is indented as a whole: take the fence's indent off.
                    body.add(lines[n].startsWith(indent) ? lines[n].substring(indent.length()) : lines[n].strip());
                    numbers.add(n + 1);
                }
                int number = perHeading.merge(heading, 1, Integer::sum);
                blocks.add(new Block(page, page + ": " + heading + " #" + number, start, body, numbers));
            } else if (lines[n].startsWith("```")) {
                // Another language's block: skip it, so a "# comment" inside is not taken for a heading.
                n++;
                while (n < lines.length && !FENCE_END.matcher(lines[n]).matches()) {
                    n++;
                }
            } else {
                Matcher h = HEADING.matcher(lines[n]);
                if (h.matches()) {
                    heading = h.group(1).strip();
                }
            }
        }
        return blocks;
    }

    /**
     * Compiles {@code units} into {@code out} against {@code classPath} for Java 17 (what the library
     * supports), deprecation warnings on; returns each unit's messages (errors and warnings) by class
     * name, as {@code PAGE:LINE: message}, empty when it compiled cleanly. One task per unit, so
     * a syntax error in one block does not keep the others from being checked.
     */
    static Map<String, List<String>> compile(List<Unit> units, Path out, String classPath) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> options = List.of(
                "--release",
                "17",
                "-Xlint:deprecation,removal",
                "-proc:none",
                "-classpath",
                classPath,
                "-d",
                out.toString());
        Map<String, List<String>> messages = new LinkedHashMap<>();
        // One file manager for all tasks: it opens the class path's jars once.
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            for (Unit unit : units) {
                DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
                JavaFileObject file =
                        new SimpleJavaFileObject(
                                URI.create("string:///" + unit.className() + ".java"), JavaFileObject.Kind.SOURCE) {
                            @Override
                            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                                return unit.source();
                            }
                        };
                javac.getTask(null, fm, diagnostics, options, null, List.of(file))
                        .call();
                List<String> found = new ArrayList<>();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.NOTE || d.getKind() == Diagnostic.Kind.OTHER) {
                        continue;
                    }
                    String where = d.getSource() == null || d.getLineNumber() < 1
                            ? "javac"
                            : unit.page() + ":" + unit.pageLines().get((int) d.getLineNumber() - 1);
                    found.add(where + ": " + d.getMessage(Locale.ROOT));
                }
                messages.put(unit.className(), found);
            }
        }
        return messages;
    }

    /** The test's class path (surefire's manifest-only jar is expanded by javac itself). */
    static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path", "");
    }
}
