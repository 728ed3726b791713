package dev.curlmulti.core.internal;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in JVMs of their own by {@code NativeCacheRaceTest}: waits until a common instant, extracts
 * the bundle under {@code args[0]} into the cache {@code args[1]}, and prints the file and its hash.
 */
public final class ExtractBundle {
    private ExtractBundle() {}

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        long startAt = Long.parseLong(args[2]);
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {bundle.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            BundledLibcurl found =
                    BundledLibcurl.find(loader, FakeBundle.DIRECTORY).orElseThrow();
            Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()));
            Path file = new NativeCache(cache, warning -> System.out.println("warning " + warning)).install(found);
            System.out.println("extracted " + file + " " + FakeBundle.sha256(Files.readAllBytes(file)));
        }
    }
}
