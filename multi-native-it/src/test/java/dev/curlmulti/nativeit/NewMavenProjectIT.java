package dev.curlmulti.nativeit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.Caddy;
import dev.curlmulti.core.testing.PythonWebSocketServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user does: a new Maven project ({@code src/test/new-project}) that imports the BOM and
 * depends on {@code multi-reactor} and {@code multi-native-linux-x86_64}, built by Maven and run with
 * {@code java -jar}: no system libcurl 8, no {@code LD_LIBRARY_PATH}, no {@code -D} flags. It makes an
 * HTTP/3 request to caddy and opens a WebSocket session, which Debian 12's libcurl 7.88 can do neither.
 *
 * <p>The project's Maven runs on a local repository of its own: this module's freshly packaged jars
 * (under the version {@code <project version>-it}, so nothing in the user's repository can stand in for
 * them) and, for everything else, the build's own local repository as a {@code file:} mirror. No network.
 */
@Timeout(300)
class NewMavenProjectIT {
    private static final Path ROOT =
            Path.of(System.getProperty("it.root", "..")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("it.projectVersion", "0.1.0-SNAPSHOT");
    private static final String IT_VERSION = VERSION.replace("-SNAPSHOT", "") + "-it";
    /** Our artifacts: the module directory, the artifactId, the jar's name pattern on this test's class path. */
    private static final List<String[]> ARTIFACTS = List.of(
            new String[] {"multi-core", "multi-core-[0-9][^/]*(?<!-tests)\\.jar"},
            new String[] {"multi-reactor", "multi-reactor-[0-9][^/]*\\.jar"},
            new String[] {"multi-native-linux-x86_64", "multi-native-linux-x86_64-[0-9][^/]*\\.jar"});

    @Test
    void aNewProjectWithTheNativeArtifactSpeaksHttp3AndWebSocketWithNoFlags(@TempDir Path dir) throws Exception {
        Path repo = dir.resolve("repo");
        install(repo, "curl-multi-parent", ROOT.resolve("pom.xml"), null);
        install(repo, "curl-multi-bom", ROOT.resolve("curl-multi-bom/pom.xml"), null);
        for (String[] artifact : ARTIFACTS) {
            install(repo, artifact[0], ROOT.resolve(artifact[0]).resolve("pom.xml"), jarOnClassPath(artifact[1]));
        }
        Path app = dir.resolve("app");
        copyProject(
                Path.of("src/test/new-project"),
                app,
                Map.of(
                        "@VERSION@", IT_VERSION,
                        "@COMPILER@", System.getProperty("it.compilerPlugin"),
                        "@JAR@", System.getProperty("it.jarPlugin"),
                        "@SUREFIRE@", System.getProperty("it.surefirePlugin"),
                        "@REPO@", "../../repo/"));
        Path settings = dir.resolve("settings.xml");
        Files.writeString(settings, settings(repo, Path.of(System.getProperty("it.localRepository"))));

        Path mavenLog = dir.resolve("maven.log");
        int built = run(
                app,
                mavenLog,
                List.of("mvn", "-B", "-q", "-s", settings.toString(), "package", "-Dmaven.test.skip=true"));
        assertThat(built)
                .as("mvn package of the new project:%n%s", read(mavenLog))
                .isZero();

        try (Caddy caddy = new Caddy(0, true);
                PythonWebSocketServer webSockets = PythonWebSocketServer.start()) {
            Files.writeString(caddy.www().resolve("hello.txt"), "hello over QUIC");
            Path out = dir.resolve("app.log");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            int ran = run(
                    app,
                    out,
                    List.of(
                            java,
                            "-jar",
                            "target/new-project-1.0.jar",
                            caddy.url("/hello.txt"),
                            caddy.rootCertificate().toString(),
                            webSockets.url("/echo")));
            String output = read(out);
            assertThat(ran).as("the new project's run:%n%s", output).isZero();
            assertThat(output)
                    .contains("bundled=true http3=true")
                    .contains("HTTP/3 200 hello over QUIC")
                    .contains("websocket echoed: hello from a new project");
        }
    }

    /** Lays out one artifact as {@code mvn install} would, under {@link #IT_VERSION}. */
    private static void install(Path repo, String artifactId, Path pom, Path jar) throws IOException {
        Path target = repo.resolve("dev/curlmulti").resolve(artifactId).resolve(IT_VERSION);
        Files.createDirectories(target);
        String text = Files.readString(pom).replace(VERSION, IT_VERSION);
        Files.writeString(target.resolve(artifactId + "-" + IT_VERSION + ".pom"), text);
        if (jar != null) {
            Files.copy(jar, target.resolve(artifactId + "-" + IT_VERSION + ".jar"));
        }
    }

    private static Path jarOnClassPath(String pattern) {
        Pattern name = Pattern.compile(pattern);
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(path -> name.matcher(path.getFileName().toString()).matches())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + pattern + " on the class path: run mvn verify"));
    }

    private static void copyProject(Path from, Path to, Map<String, String> replacements) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                String text = Files.readString(file);
                for (Map.Entry<String, String> entry : replacements.entrySet()) {
                    text = text.replace(entry.getKey(), entry.getValue());
                }
                Files.writeString(target, text);
            }
        }
    }

    private static String settings(Path repo, Path buildRepository) {
        return """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror>
                      <id>the-build-s-own-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(repo, buildRepository.toUri());
    }

    /**
     * Runs a command in {@code dir} with no LD_LIBRARY_PATH and no JAVA_TOOL_OPTIONS; its output goes to {@code log}.
     */
    private static int run(Path dir, Path log, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("LD_LIBRARY_PATH");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(240, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end in 240 s:\n" + read(log));
        }
        return process.exitValue();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
