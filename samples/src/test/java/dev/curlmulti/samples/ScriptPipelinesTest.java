package dev.curlmulti.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Under {@code set -o pipefail} a pipeline whose last reader stops early ({@code grep -q},
 * {@code head}, ...) fails whenever the writer is still writing and dies of SIGPIPE: a timing race.
 * {@code ldconfig -p | grep -q libcurl} failed about 1 run in 75 that way, and bin/ensure-prerequisites
 * then installed libcurl on a machine that had it. This keeps such pipelines out of the scripts.
 */
class ScriptPipelinesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** A pipe into a reader that may exit before its input ends. */
    private static final Pattern EARLY_EXIT_READER =
            Pattern.compile("\\|\\s*(?:head\\b|read\\b|grep\\s+(?:[^|;&)\\s]+\\s+)*?"
                    + "(?:-[A-Za-z]*[qmlL][A-Za-z]*|--quiet|--silent|--max-count\\S*|--files-with\\S*)(?=\\s|$))");

    @Test
    void noPipefailScriptPipesIntoAReaderThatStopsEarly() throws IOException {
        List<Path> scripts = scripts();
        assertThat(scripts)
                .as("the scripts under bin/ and .ci/ that set pipefail")
                .contains(ROOT.resolve("bin/ensure-prerequisites"), ROOT.resolve("bin/test"), ROOT.resolve(".ci/run"));
        List<String> found = new ArrayList<>();
        for (Path script : scripts) {
            for (String line : earlyExitPipes(Files.readString(script))) {
                found.add(ROOT.relativize(script) + ": " + line);
            }
        }
        assertThat(found)
                .as("capture the writer's output first (var=$(cmd); grep -q x <<<\"$var\")")
                .isEmpty();
    }

    @Test
    void theScanFindsEachEarlyExitingReaderAndNothingElse() {
        assertThat(earlyExitPipes("""
                if ! ldconfig -p 2>/dev/null | grep -q 'libcurl\\.so\\.4 '; then
                v=$(java -version 2>&1 | sed -n 's/x//p' | head -n 1)
                ls | grep -m 1 x
                ls | grep -E -l x
                ls | grep --quiet x
                ls \\
                  | head -c 10
                ls | read -r first
                """)).hasSize(7);
        assertThat(earlyExitPipes("""
                # ldconfig -p | grep -q x  (a comment)
                grep -q x <<<"$cache"
                n=$(ls | grep -c x)
                ls | grep x >/dev/null
                ls | grep x | sort -m
                echo '#include <curl/curl.h>' | cpp >/dev/null
                printf 'x' | tee /tmp/y >/dev/null
                ls | sed -n 's/^a//p'
                ls | grep --line-buffered x | while read -r line; do echo "$line"; done
                """)).isEmpty();
    }

    /** Executable files under bin/ and .ci/ that turn pipefail on. */
    private static List<Path> scripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        for (String dir : List.of("bin", ".ci")) {
            try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    if (Files.readString(file).contains("pipefail")) {
                        scripts.add(file);
                    }
                }
            }
        }
        return scripts;
    }

    /** Logical lines (continuations joined, whole-line comments dropped) that pipe into an early reader. */
    static List<String> earlyExitPipes(String script) {
        List<String> found = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String raw : script.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                continue;
            }
            // A trailing backslash or pipe continues the command on the next line.
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            if (line.endsWith("|")) {
                logical.append(' ');
                continue;
            }
            String command = logical.toString();
            logical.setLength(0);
            if (EARLY_EXIT_READER.matcher(command.replace("||", "  ")).find()) {
                found.add(command);
            }
        }
        return found;
    }
}
