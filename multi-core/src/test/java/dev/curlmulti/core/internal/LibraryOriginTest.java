package dev.curlmulti.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.TestCertificates;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loading through each origin in a JVM of its own, on the binding the test JVM would pick and on
 * JNA. The "bundled" library here is a copy of the system's libcurl laid out as the artifact lays
 * out the real build; the system's libcurl has its own CA default (Debian's bundle), so a GET of a
 * server signed by a throwaway CA named only in {@code SSL_CERT_FILE} succeeds only when curl-multi
 * set {@code CAINFO} itself.
 */
@Timeout(120)
class LibraryOriginTest {
    @TempDir
    Path temp;

    private MockWebServer server;
    private Path caPem;

    @BeforeEach
    void startTlsServer() throws IOException {
        TestCertificates certificates = new TestCertificates();
        caPem = certificates
                .written(Files.createDirectories(temp.resolve("certs")))
                .caPem();
        server = new MockWebServer();
        server.useHttps(certificates.serverHandshake().sslSocketFactory(), false);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setBody("ok");
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() throws IOException {
        server.shutdown();
    }

    @ParameterizedTest(name = "binding {0}")
    @ValueSource(strings = {"best", "jna"})
    void aBundledLibraryIsLoadedFromTheCacheAndEveryHandleTrustsTheSystemsCaBundle(String binding) throws Exception {
        FakeBundle bundle = FakeBundle.ofSystemLibcurl(temp.resolve("bundle"));
        Path cache = temp.resolve("cache");
        Map<String, String> lines =
                probe(binding, bundle.root, List.of("-D" + NativeCache.ROOT_PROPERTY + "=" + cache));
        String file = cache.resolve(bundle.sha256).resolve("libcurl.so").toString();
        assertThat(lines)
                .containsEntry("origin", "BUNDLED")
                .containsEntry("bundled", "true")
                .containsEntry("file", file)
                .containsEntry("caBundle", caPem.toString())
                .containsEntry("buildInfo", "{curl.version=7.88.1, glibc.floor=2.34, openssl.version=3.0.19}")
                .containsEntry("new", "200")
                .containsEntry("reset", "200");
        assertThat(lines.get("userCainfo"))
                .as("the user's CAINFO replaces the default")
                .startsWith("CURLE_PEER_FAILED_VERIFICATION (60)");
        assertThat(lines.get("log"))
                .as("one INFO line on load")
                .contains("libcurl 7.88.1 (OpenSSL/")
                .contains(") bundled " + file + ", CA bundle " + caPem + ", binding ");
    }

    @ParameterizedTest(name = "binding {0}")
    @ValueSource(strings = {"best", "jna"})
    void theSystemsLibcurlKeepsItsOwnCaDefault(String binding) throws Exception {
        Map<String, String> lines = probe(binding, null, List.of());
        assertThat(lines)
                .containsEntry("origin", "SYSTEM")
                .containsEntry("bundled", "false")
                .containsEntry("caBundle", "null")
                .containsEntry("buildInfo", "{}");
        assertThat(lines.get("new"))
                .as("Debian's compiled-in bundle does not have the test CA")
                .startsWith("CURLE_PEER_FAILED_VERIFICATION (60)")
                .doesNotContain("CA bundle");
        assertThat(lines.get("log")).contains(") system ");
    }

    @ParameterizedTest(name = "binding {0}")
    @ValueSource(strings = {"best", "jna"})
    void thePropertyWinsOverABundledLibrary(String binding) throws Exception {
        FakeBundle bundle = FakeBundle.ofSystemLibcurl(temp.resolve("bundle"));
        Map<String, String> lines = probe(
                binding,
                bundle.root,
                List.of(
                        "-D" + LibraryChooser.LIBRARY_PROPERTY + "=" + FakeBundle.SYSTEM_LIBCURL,
                        "-D" + NativeCache.ROOT_PROPERTY + "=" + temp.resolve("cache")));
        assertThat(lines)
                .containsEntry("origin", "PROPERTY")
                .containsEntry("file", FakeBundle.SYSTEM_LIBCURL.toString())
                .containsEntry("caBundle", "null");
        assertThat(temp.resolve("cache")).as("nothing extracted").doesNotExist();
    }

    @ParameterizedTest(name = "binding {0}")
    @ValueSource(strings = {"best", "jna"})
    void aBundledLibraryNeedingANewerGlibcSaysWhichAndWhatToDo(String binding) throws Exception {
        byte[] library = Files.readAllBytes(FakeBundle.SYSTEM_LIBCURL);
        FakeBundle bundle =
                FakeBundle.of(temp.resolve("bundle"), needingAFutureGlibc(library), Map.of("glibc.floor", "9.99"));
        Map<String, String> lines =
                probe(binding, bundle.root, List.of("-D" + NativeCache.ROOT_PROPERTY + "=" + temp.resolve("cache")));
        assertThat(lines.get("error"))
                .startsWith("java.lang.UnsatisfiedLinkError: the bundled libcurl ")
                .contains("needs glibc 9.99 or newer")
                .contains("version `GLIBC_9.")
                .contains("remove the " + FakeBundle.ARTIFACT + " artifact")
                .contains("-Ddev.curlmulti.libcurl=libcurl.so.4");
    }

    /** The library with one glibc version it needs renamed to one no glibc has (same length). */
    private static byte[] needingAFutureGlibc(byte[] library) {
        String text = new String(library, StandardCharsets.ISO_8859_1);
        Matcher version = Pattern.compile("GLIBC_2\\.[0-9.]+\u0000").matcher(text);
        assertThat(version.find()).isTrue();
        String future = version.group().replaceAll("[0-9]", "9");
        return text.replace(version.group(), future).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Runs {@link LoadProbe} with {@code classPathExtra} on its class path; its lines as a map. */
    private Map<String, String> probe(String binding, Path classPathExtra, List<String> options) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The real multi-native-* jar is on this JVM's class path in bin/test's bundled runs: the child gets
        // only the stand-in, or none, so each scenario is the one it names.
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(entry -> !entry.contains("multi-native-"))
                        .collect(Collectors.joining(File.pathSeparator))
                + (classPathExtra == null ? "" : File.pathSeparator + classPathExtra);
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp",
                classPath,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.logFile=System.out"));
        if (!binding.equals("best")) {
            command.add("-Ddev.curlmulti.binding=" + binding);
        }
        command.addAll(options);
        command.addAll(
                List.of(LoadProbe.class.getName(), server.url("/").toString(), "/etc/ssl/certs/ca-certificates.crt"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SSL_CERT_FILE", caPem.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            if (line.contains("NativeBinding - libcurl ")) {
                assertThat(lines).as("one load line only:\n" + output).doesNotContainKey("log");
                lines.put("log", line);
            } else if (line.matches("[a-zA-Z]+=.*")) {
                lines.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertThat(lines).as(output).containsKey(lines.containsKey("error") ? "error" : "origin");
        return lines;
    }
}
