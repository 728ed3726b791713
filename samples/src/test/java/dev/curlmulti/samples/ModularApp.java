package dev.curlmulti.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;

/**
 * An application module compiled against the packaged jars and run in a child JVM, for
 * {@link ModulePathIT}. The module path is what a user's would be: our two jars, their runtime
 * dependencies and, when the test class path has it, the bundled libcurl's jar; all taken from the
 * test class path, so they are the jars this build just packaged.
 */
final class ModularApp {
    /** What the module path holds: our two jars and their runtime dependencies, one jar each. */
    private static final List<Pattern> JARS = List.of(
            Pattern.compile("multi-core-[0-9][^/]*(?<!-tests)\\.jar"),
            Pattern.compile("multi-reactor-[0-9][^/]*\\.jar"),
            Pattern.compile("jna-[0-9][^/]*\\.jar"),
            Pattern.compile("reactor-core-[0-9][^/]*\\.jar"),
            Pattern.compile("reactive-streams-[0-9][^/]*\\.jar"),
            Pattern.compile("slf4j-api-[0-9][^/]*\\.jar"));
    /** On the test class path only in a -DbundledLibcurl run. */
    private static final Pattern BUNDLED = Pattern.compile("multi-native-linux-x86_64-[0-9][^/]*\\.jar");

    private static final List<String> FORWARDED = List.of("dev.curlmulti.libcurl", "dev.curlmulti.binding");

    private ModularApp() {}

    /** What javac or the child JVM said, and how it ended. */
    record Outcome(List<String> command, boolean exited, int exitValue, String stdout, String stderr) {
        String report() {
            return "command: " + command + "\nexit: " + (exited ? exitValue : "none, killed") + "\nstdout:\n" + stdout
                    + "\nstderr:\n" + stderr;
        }
    }

    static boolean bundledLibcurlOnModulePath() {
        return classPath().stream().anyMatch(entry -> matches(BUNDLED, entry));
    }

    /** Compiles the module whose sources are {@code sources} (module-info.java at the top) into {@code into}. */
    static Outcome compile(Path sources, Path into) throws IOException {
        // An empty class path: javac in this JVM would otherwise search the test class path, and name that
        // (not the jars) as where the internal packages are, depending on how the test JVM was started.
        Path noClasses = Files.createDirectories(into.resolveSibling(into.getFileName() + "-no-class-path"));
        List<String> command = new ArrayList<>(List.of(
                "javac", "-d", into.toString(), "--class-path", noClasses.toString(), "--module-path", modulePath()));
        try (var files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java"))
                    .map(Path::toString)
                    .sorted()
                    .forEach(command::add);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ToolProvider.getSystemJavaCompiler()
                .run(null, out, err, command.subList(1, command.size()).toArray(String[]::new));
        return new Outcome(
                command, true, exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code app/mainClass} from {@code classes} on the JDK at {@code javaHome}, granting native access
     * as docs/modules.md says (under {@code --illegal-native-access=deny} on Java 24+, so the grant is shown to
     * be enough), with the test run's libcurl and binding choices unless {@code properties} sets them.
     */
    static Outcome run(Path javaHome, Path classes, List<String> properties, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
        int feature = feature(javaHome);
        if (feature >= 24) {
            command.add("--illegal-native-access=deny");
        }
        if (feature >= 22) {
            command.add("--enable-native-access=dev.curlmulti.core,com.sun.jna");
        }
        for (String property : FORWARDED) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank() && properties.stream().noneMatch(p -> p.startsWith(property + "="))) {
                command.add("-D" + property + "=" + value);
            }
        }
        properties.forEach(property -> command.add("-D" + property));
        command.addAll(List.of("--module-path", classes + File.pathSeparator + modulePath(), "-m", "app/" + mainClass));
        command.addAll(List.of(args));

        Path out = Files.createTempFile(classes.getParent(), "out", ".txt");
        Path err = Files.createTempFile(classes.getParent(), "err", ".txt");
        Process child = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        boolean exited = child.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }
        return new Outcome(
                command,
                exited,
                exited ? child.exitValue() : -1,
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The Java feature release of the JDK at {@code javaHome}, from its {@code release} file. */
    static int feature(Path javaHome) throws IOException {
        Matcher version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
                .matcher(Files.readString(javaHome.resolve("release"), StandardCharsets.UTF_8));
        assertThat(version.find())
                .as("JAVA_VERSION in " + javaHome.resolve("release"))
                .isTrue();
        return Integer.parseInt(version.group(1));
    }

    private static String modulePath() {
        List<Path> entries = classPath();
        List<Path> jars = new ArrayList<>();
        for (Pattern pattern : JARS) {
            List<Path> matching =
                    entries.stream().filter(entry -> matches(pattern, entry)).toList();
            assertThat(matching)
                    .as("one jar matching " + pattern + " on the test class path (run after package)\n" + entries)
                    .hasSize(1);
            assertThat(matching.get(0)).isRegularFile();
            jars.add(matching.get(0));
        }
        Optional<Path> bundled =
                entries.stream().filter(entry -> matches(BUNDLED, entry)).findFirst();
        bundled.ifPresent(jars::add);
        return jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean matches(Pattern pattern, Path entry) {
        return entry.getFileName() != null
                && pattern.matcher(entry.getFileName().toString()).matches();
    }

    private static List<Path> classPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classPath.split(Pattern.quote(File.pathSeparator)))
                .map(Path::of)
                .toList();
    }
}
