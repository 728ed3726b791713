package dev.curlmulti.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** JVMs (and class loaders) that start at once share one cache without ever seeing a partial file. */
@Timeout(120)
class NativeCacheRaceTest {
    private static final int RACERS = 8;

    @TempDir
    Path temp;

    @Test
    void classLoadersExtractingAtOnceAllGetTheVerifiedFile() throws Exception {
        FakeBundle bundle = FakeBundle.ofSystemLibcurl(temp.resolve("classpath"));
        ExecutorService threads = Executors.newFixedThreadPool(RACERS);
        try {
            for (int round = 0; round < 5; round++) {
                Path cache = temp.resolve("cache-" + round);
                CyclicBarrier start = new CyclicBarrier(RACERS);
                List<Future<Path>> results = new ArrayList<>();
                for (int i = 0; i < RACERS; i++) {
                    results.add(threads.submit(() -> {
                        BundledLibcurl found = bundle.find(); // each through a class loader of its own
                        start.await();
                        return new NativeCache(cache, warning -> {}).install(found);
                    }));
                }
                Path expected = cache.resolve(bundle.sha256).resolve("libcurl.so");
                for (Future<Path> result : results) {
                    Path file = result.get(60, TimeUnit.SECONDS);
                    assertThat(file).isEqualTo(expected);
                    assertThat(FakeBundle.sha256(Files.readAllBytes(file))).isEqualTo(bundle.sha256);
                }
                assertThat(Files.list(expected.getParent()))
                        .as("no part files left")
                        .containsExactly(expected);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void jvmsExtractingAtOnceAllGetTheVerifiedFile() throws Exception {
        FakeBundle bundle = FakeBundle.ofSystemLibcurl(temp.resolve("classpath"));
        Path cache = temp.resolve("cache");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A common start instant, late enough for every JVM to be up, so the extractions overlap.
        long startAt = System.currentTimeMillis() + 3_000;
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            processes.add(new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            ExtractBundle.class.getName(),
                            bundle.root.toString(),
                            cache.toString(),
                            String.valueOf(startAt))
                    .redirectErrorStream(true)
                    .start());
        }
        Path expected = cache.resolve(bundle.sha256).resolve("libcurl.so");
        for (Process process : processes) {
            String output = read(process);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output.strip()).isEqualTo("extracted " + expected + " " + bundle.sha256);
        }
        assertThat(Files.list(expected.getParent())).as("no part files left").containsExactly(expected);
    }

    private static String read(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
