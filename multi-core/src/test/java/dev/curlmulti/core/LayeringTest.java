package dev.curlmulti.core;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layers stay where docs/INTERNALS.md draws them, in every module's main sources: one native
 * boundary (only the binding's own package touches JNA or the FFM API), the pycurl-style API and
 * the binding below the engine, and the client modules above the engine without reaching into the
 * internals.
 */
class LayeringTest {
    private static Map<String, String> sources;

    /** Every main source file of the project, by its path relative to the project root ({@code /} separated). */
    @BeforeAll
    static void readSources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        try (Stream<Path> modules = Files.list(root)) {
            sources = modules.flatMap(module -> Stream.of(module.resolve("src/main/java"),
                            module.resolve("src/main/java22")))
                    .filter(Files::isDirectory)
                    .flatMap(LayeringTest::javaFiles)
                    .collect(Collectors.toMap(file -> root.relativize(file).toString().replace('\\', '/'),
                            LayeringTest::read));
        }
        assertThat(sources).as("main sources found under " + root).hasSizeGreaterThan(100);
    }

    @Test
    void onlyTheBindingsOwnPackagesTouchJnaOrTheForeignFunctionApi() {
        assertThat(offenders(path -> !path.contains("/dev/curlmulti/core/internal/jna/")
                && !path.contains("/dev/curlmulti/core/internal/ffm/") && !isDescriptor(path),
                "com.sun.jna", "java.lang.foreign")).isEmpty();
    }

    @Test
    void theBindingImplementationsAreReachedOnlyThroughTheNativeBindingInterface() {
        assertThat(offenders(path -> !path.contains("/dev/curlmulti/core/internal/") && !isDescriptor(path),
                "dev.curlmulti.core.internal.jna", "dev.curlmulti.core.internal.ffm")).isEmpty();
    }

    /** A module descriptor names the modules and packages it requires and opens: that is its job, not a use. */
    private static boolean isDescriptor(String path) {
        return path.equals("multi-core/src/main/java/module-info.java");
    }

    @Test
    void thePycurlStyleApiAndTheInternalsDoNotDependOnTheEngine() {
        assertThat(offenders(path -> path.matches(".*/dev/curlmulti/core/[A-Za-z]+\\.java")
                || path.contains("/dev/curlmulti/core/internal/"), "dev.curlmulti.core.loop")).isEmpty();
    }

    @Test
    void theClientModulesUseTheEngineAndNeverTheInternals() {
        assertThat(offenders(path -> path.startsWith("multi-reactor/") || path.startsWith("multi-spring/")
                || path.startsWith("multi-bench/"), "dev.curlmulti.core.internal")).isEmpty();
    }

    /** Files matching {@code where} that mention any of {@code names}. */
    private static List<String> offenders(Predicate<String> where, String... names) {
        return sources.entrySet().stream()
                .filter(file -> where.test(file.getKey()))
                .filter(file -> Stream.of(names).anyMatch(file.getValue()::contains))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    private static Stream<Path> javaFiles(Path directory) {
        try {
            return Files.walk(directory).filter(file -> file.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's code: comment lines are left out, so prose may name any package. */
    private static String read(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> !line.trim().startsWith("*") && !line.trim().startsWith("/*")
                            && !line.trim().startsWith("//"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
