package dev.curlmulti.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers stay where docs/INTERNALS.md draws them, in every module's main sources: one native
 * boundary (only the binding's own package touches JNA or the FFM API), the pycurl-style API and
 * the binding below the engine, the client modules and the samples above the engine without
 * reaching into the internals, and one owner for each decision about loading: which libcurl
 * ({@code LibraryChooser}), which binding ({@code Bindings}), whether the library can be used
 * ({@code LibcurlLoader}) and what it reports ({@code VersionInfoReader}).
 */
class LayeringTest {
    private static final String INTERNAL = "multi-core/src/main/java/dev/curlmulti/core/internal/";
    private static final String BINDING_PACKAGES = "/dev/curlmulti/core/internal/(jna|ffm)/";
    /** A string literal that is a libcurl file or library name, as handed to the dynamic linker. */
    private static final Pattern LIBRARY_NAME =
            Pattern.compile("\"(?:[^\"\\s]*/)?libcurl[\\w.-]*\\.(?:so|dylib)[0-9.]*\"|\"curl\"");

    private static Map<String, String> sources;

    /** Every main source file of the project, by its path relative to the project root ({@code /} separated). */
    @BeforeAll
    static void readSources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        try (Stream<Path> modules = Files.list(root)) {
            sources = modules.flatMap(
                            module -> Stream.of(module.resolve("src/main/java"), module.resolve("src/main/java22")))
                    .filter(Files::isDirectory)
                    .flatMap(LayeringTest::javaFiles)
                    .collect(Collectors.toMap(
                            file -> root.relativize(file).toString().replace('\\', '/'), LayeringTest::read));
        }
        assertThat(sources).as("main sources found under " + root).hasSizeGreaterThan(100);
    }

    @Test
    void onlyTheBindingsOwnPackagesTouchJnaOrTheForeignFunctionApi() {
        assertThat(offenders(
                        path -> !path.contains("/dev/curlmulti/core/internal/jna/")
                                && !path.contains("/dev/curlmulti/core/internal/ffm/")
                                && !isDescriptor(path),
                        "com.sun.jna",
                        "java.lang.foreign"))
                .isEmpty();
    }

    @Test
    void theBindingImplementationsAreReachedOnlyThroughTheNativeBindingInterface() {
        assertThat(offenders(
                        path -> !path.contains("/dev/curlmulti/core/internal/") && !isDescriptor(path),
                        "dev.curlmulti.core.internal.jna",
                        "dev.curlmulti.core.internal.ffm"))
                .isEmpty();
    }

    /** A module descriptor names the modules and packages it requires and opens: that is its job, not a use. */
    private static boolean isDescriptor(String path) {
        return path.equals("multi-core/src/main/java/module-info.java");
    }

    @Test
    void thePycurlStyleApiAndTheInternalsDoNotDependOnTheEngine() {
        assertThat(offenders(
                        path -> path.matches(".*/dev/curlmulti/core/[A-Za-z]+\\.java")
                                || path.contains("/dev/curlmulti/core/internal/"),
                        "dev.curlmulti.core.loop"))
                .isEmpty();
    }

    @Test
    void theClientModulesUseTheEngineAndNeverTheInternals() {
        assertThat(offenders(
                        path -> path.startsWith("multi-reactor/")
                                || path.startsWith("multi-spring/")
                                || path.startsWith("multi-bench/"),
                        "dev.curlmulti.core.internal"))
                .isEmpty();
    }

    @Test
    void theSamplesUseThePublicApiOnly() {
        assertThat(offenders(path -> path.startsWith("samples/"), "dev.curlmulti.core.internal"))
                .isEmpty();
    }

    @Test
    void onlyTheBindingChooserNamesTheBindingImplementations() {
        assertThat(offenders(
                        path -> !path.matches(".*" + BINDING_PACKAGES + ".*")
                                && !path.equals(INTERNAL + "Bindings.java")
                                && !isDescriptor(path),
                        "JnaBinding",
                        "FfmBinding",
                        "internal.jna",
                        "internal.ffm"))
                .isEmpty();
    }

    /** multi-core is the one module that loads libcurl (the bench names its clients "curl..."). */
    @Test
    void onlyTheLibraryChooserAndTheBundleNameLibcurlFiles() {
        assertThat(offenders(
                        path -> path.startsWith("multi-core/")
                                && !path.equals(INTERNAL + "LibraryChooser.java")
                                && !path.equals(INTERNAL + "BundledLibcurl.java")
                                && !path.equals(INTERNAL + "NativeCache.java"),
                        LIBRARY_NAME))
                .isEmpty();
        assertThat(offenders(path -> path.equals(INTERNAL + "LibraryChooser.java"), LIBRARY_NAME))
                .as("the pattern finds the system's names where they are")
                .hasSize(1);
    }

    @Test
    void onlyTheVersionInfoReaderDecodesCurlVersionInfo() {
        assertThat(offenders(
                        path -> !path.equals(INTERNAL + "VersionInfoReader.java"),
                        Pattern.compile("\\.versionInfo\\(\\)|\"Kerberos4\"|\"GSS-Negotiate\"")))
                .isEmpty();
    }

    @Test
    void onlyTheLoaderChecksTheMinimumVersionAndTheBindingsHoldNoVersionNumbers() {
        assertThat(offenders(
                        path -> !path.equals(INTERNAL + "LibcurlLoader.java")
                                && !path.equals(INTERNAL + "LibraryInfo.java"),
                        "LibraryInfo.MINIMUM_VERSION_NUM"))
                .isEmpty();
        assertThat(offenders(
                        path -> path.matches(".*" + BINDING_PACKAGES + ".*"),
                        Pattern.compile("\\b0x0[78][0-9a-fA-F]{4}\\b")))
                .isEmpty();
    }

    /** Files matching {@code where} whose code matches {@code pattern}. */
    private static List<String> offenders(Predicate<String> where, Pattern pattern) {
        return sources.entrySet().stream()
                .filter(file -> where.test(file.getKey()))
                .filter(file -> pattern.matcher(file.getValue()).find())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
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
                    .filter(line -> !line.trim().startsWith("*")
                            && !line.trim().startsWith("/*")
                            && !line.trim().startsWith("//"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
