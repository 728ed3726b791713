package dev.curlmulti.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jars are real modules: an application module ({@code src/test/modulepath-app}) that
 * {@code requires dev.curlmulti.reactor} compiles against them and fetches a page from a loopback server
 * through libcurl in a child JVM, with the JNA binding on Java 17-21 and the FFM binding on the newer JDK
 * the build compiles it with ({@code -Dffm.jdk}); and it cannot reach the library's internal packages,
 * neither in source (javac refuses the import) nor by reflection at run time.
 *
 * <p>A failsafe test: it runs after {@code package}, on the jars themselves.
 */
@Timeout(180)
class ModulePathIT {
    private static final Path SOURCES = Path.of("src/test/modulepath-app");
    private static final Path RUNNING_JDK = Path.of(System.getProperty("java.home"));
    /** The internal packages, one class each: the core's native boundary, its JNA binding, Reactor's pool. */
    private static final List<String> INTERNALS = List.of(
            "dev.curlmulti.core.internal.NativeBinding",
            "dev.curlmulti.core.internal.jna.JnaBinding",
            "dev.curlmulti.reactor.internal.ChunkPool");

    @TempDir
    static Path dir;

    private static Path classes;

    @BeforeAll
    static void compileTheApplicationAgainstThePackagedJars() throws Exception {
        classes = dir.resolve("classes");
        ModularApp.Outcome compiled = ModularApp.compile(SOURCES, classes);
        assertThat(compiled.exitValue()).as(compiled.report()).isZero();
    }

    @Test
    void anApplicationModuleFetchesThroughTheLibraryOnTheRunningJdk() throws Exception {
        boolean ffm =
                ModularApp.feature(RUNNING_JDK) >= 22 && !"jna".equals(System.getProperty("dev.curlmulti.binding"));
        fetches(RUNNING_JDK, List.of(), ffm ? "FFM" : "JNA");
    }

    @Test
    void anApplicationModuleFetchesThroughTheFfmBindingOnTheNewerJdk() throws Exception {
        String ffmJdk = System.getProperty("it.ffmJdk", "");
        assumeTrue(
                !ffmJdk.isBlank() && Files.isRegularFile(Path.of(ffmJdk, "bin/java")),
                "no -Dffm.jdk given: the running JDK's test covers this build's only JDK");
        assertThat(ModularApp.feature(Path.of(ffmJdk)))
                .as("the JDK the FFM binding is compiled with")
                .isGreaterThanOrEqualTo(22);
        fetches(Path.of(ffmJdk), List.of("dev.curlmulti.binding=ffm"), "FFM");
    }

    @Test
    void anApplicationThatImportsTheInternalsDoesNotCompile() throws Exception {
        Path sources = dir.resolve("internals-app");
        Files.createDirectories(sources.resolve("app"));
        Files.writeString(sources.resolve("module-info.java"), "module app { requires dev.curlmulti.reactor; }\n");
        Files.writeString(sources.resolve("app/UsesInternals.java"), """
                package app;

                import dev.curlmulti.core.internal.NativeBinding;
                import dev.curlmulti.reactor.internal.ChunkPool;

                public final class UsesInternals {
                    NativeBinding binding;
                    ChunkPool pool;
                }
                """);

        ModularApp.Outcome compiled = ModularApp.compile(sources, dir.resolve("internals-classes"));

        assertThat(compiled.exitValue()).as(compiled.report()).isNotZero();
        assertThat(compiled.stderr())
                .as(compiled.report())
                .contains(
                        "package dev.curlmulti.core.internal is not visible",
                        "package dev.curlmulti.reactor.internal is not visible",
                        "which does not export it");
    }

    @Test
    void reflectionReachesTheApiButNotTheInternals() throws Exception {
        List<String> names = new ArrayList<>(List.of("dev.curlmulti.core.CurlVersion"));
        names.addAll(INTERNALS);

        ModularApp.Outcome run =
                ModularApp.run(RUNNING_JDK, classes, List.of(), "app.ReachInternals", names.toArray(String[]::new));

        assertThat(run.exited()).as(run.report()).isTrue();
        assertThat(run.exitValue()).as(run.report()).isZero();
        assertThat(run.stdout()).as(run.report()).contains("reach dev.curlmulti.core.CurlVersion: ok, ok");
        for (String internal : INTERNALS) {
            assertThat(run.stdout())
                    .as(run.report())
                    .contains("reach " + internal + ": IllegalAccessException, InaccessibleObjectException");
        }
    }

    private static void fetches(Path jdk, List<String> properties, String binding) throws Exception {
        ModularApp.Outcome run = ModularApp.run(jdk, classes, properties, "app.Main");

        assertThat(run.exited()).as(run.report()).isTrue();
        assertThat(run.exitValue()).as(run.report()).isZero();
        assertThat(run.stdout())
                .as(run.report())
                .contains(
                        "module dev.curlmulti.core named=true automatic=false",
                        "module dev.curlmulti.reactor named=true automatic=false",
                        "module com.sun.jna named=true automatic=true",
                        "CurlVersion in dev.curlmulti.core",
                        "CurlClient in dev.curlmulti.reactor",
                        "body: hello from the module path",
                        "binding: " + binding);
        // The bundled libcurl's jar is a module too: multi-core must still find its files there.
        boolean bundled = ModularApp.bundledLibcurlOnModulePath()
                && System.getProperty("dev.curlmulti.libcurl", "").isBlank();
        assertThat(run.stdout()).as(run.report()).contains("bundled: " + bundled);
        assertThat(run.stderr()).as(run.report()).doesNotContain("restricted method");
    }
}
