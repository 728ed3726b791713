package dev.curlmulti.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jars work on the module path: an application module ({@code src/test/modulepath-app})
 * that {@code requires dev.curlmulti.core} and {@code dev.curlmulti.reactor} compiles against them
 * and runs in a child JVM, with the library and JNA as named automatic modules, and fetches a page
 * from a loopback server through libcurl. On Java 24+ the child runs with
 * {@code --illegal-native-access=deny} and the README's {@code --enable-native-access} flag, so
 * the flag is shown to be enough, not merely to silence a warning.
 *
 * <p>A failsafe test: it runs after {@code package}, on the jars themselves.
 */
@Timeout(120)
class ModulePathIT {
    /** What the module path holds: our two jars and their runtime dependencies. */
    private static final List<Pattern> JARS = List.of(
            Pattern.compile("multi-core-[0-9][^/]*(?<!-tests)\\.jar"),
            Pattern.compile("multi-reactor-[0-9][^/]*\\.jar"),
            Pattern.compile("jna-[0-9][^/]*\\.jar"),
            Pattern.compile("reactor-core-[0-9][^/]*\\.jar"),
            Pattern.compile("reactive-streams-[0-9][^/]*\\.jar"),
            Pattern.compile("slf4j-api-[0-9][^/]*\\.jar"));
    private static final List<String> FORWARDED = List.of("dev.curlmulti.libcurl", "dev.curlmulti.binding");

    @Test
    void anApplicationModuleRequiresTheLibraryByNameAndFetchesThroughIt(@TempDir Path dir) throws Exception {
        String modulePath = modulePathJars().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));

        Path classes = dir.resolve("classes");
        Path sources = Path.of("src/test/modulepath-app");
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", classes.toString(), "--module-path", modulePath,
                sources.resolve("module-info.java").toString(), sources.resolve("app/Main.java").toString());
        assertThat(compiled).as("javac exit code").isZero();

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        int feature = Runtime.version().feature();
        if (feature >= 24) {
            command.add("--illegal-native-access=deny");
        }
        if (feature >= 22) {
            command.add("--enable-native-access=dev.curlmulti.core,com.sun.jna");
        }
        for (String property : FORWARDED) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                command.add("-D" + property + "=" + value);
            }
        }
        // slf4j-api is an explicit module that only automatic modules need: nothing resolves it by itself.
        command.addAll(List.of("--add-modules", "org.slf4j",
                "--module-path", classes + File.pathSeparator + modulePath, "-m", "app/app.Main"));

        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean exited = child.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        String report = "command: " + command + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        assertThat(exited).as(report).isTrue();
        assertThat(child.exitValue()).as(report).isZero();
        assertThat(stdout).as(report).contains(
                "module dev.curlmulti.core named=true automatic=true",
                "module dev.curlmulti.reactor named=true automatic=true",
                "module com.sun.jna named=true automatic=true",
                "CurlVersion in dev.curlmulti.core",
                "CurlClient in dev.curlmulti.reactor",
                "body: hello from the module path");
        assertThat(stdout).as(report).containsPattern(feature >= 22
                && !"jna".equals(System.getProperty("dev.curlmulti.binding"))
                ? "binding: FFM" : "binding: JNA");
        assertThat(stderr).as(report).doesNotContain("restricted method");
    }

    private static List<Path> modulePathJars() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> entries = Arrays.stream(classPath.split(Pattern.quote(File.pathSeparator))).map(Path::of).toList();
        List<Path> jars = new ArrayList<>();
        for (Pattern pattern : JARS) {
            List<Path> matching = entries.stream()
                    .filter(entry -> entry.getFileName() != null
                            && pattern.matcher(entry.getFileName().toString()).matches())
                    .toList();
            assertThat(matching)
                    .as("one jar matching " + pattern + " on the test class path (run after package)\n" + classPath)
                    .hasSize(1);
            assertThat(matching.get(0)).isRegularFile();
            jars.add(matching.get(0));
        }
        return jars;
    }
}
