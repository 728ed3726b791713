package dev.curlmulti.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the JDKs for {@code --jdks}: a feature version ({@code 25}) is looked up under
 * {@code /usr/lib/jvm}, anything with a slash is a JDK home. Without the option: the JDK
 * {@code BenchMain} runs on plus the newest other JDK under {@code /usr/lib/jvm}, chosen as
 * {@code bin/newest-jdk} chooses it (the highest feature version among homes with a {@code javac}).
 * A feature version is read the way that script reads it, from {@code java -XshowSettings:properties}.
 */
final class Jdks {
    static final Path JVM_ROOT = Path.of("/usr/lib/jvm");
    private static final Pattern SPECIFICATION =
            Pattern.compile("(?m)^\\s*java\\.specification\\.version = (\\d+)\\s*$");

    private Jdks() {}

    /** The JDK this process runs on. */
    static Jdk running() {
        return new Jdk(
                Path.of(System.getProperty("java.home")), Runtime.version().feature());
    }

    /** The JDKs of a {@code --jdks} list such as {@code 17,25} or {@code 17,/opt/jdk-26}. */
    static List<Jdk> parse(String list, Path root) {
        List<Jdk> jdks = new ArrayList<>();
        List<Jdk> installed = null;
        for (String item : list.split(",")) {
            String spec = item.trim();
            if (spec.contains("/")) {
                jdks.add(at(Path.of(spec).toAbsolutePath().normalize()));
                continue;
            }
            int feature = Integer.parseInt(spec);
            if (running().feature() == feature) {
                jdks.add(running()); // JAVA_HOME's JDK first: it is the one the user chose
                continue;
            }
            if (installed == null) {
                installed = installed(root, false);
            }
            jdks.add(installed.stream()
                    .filter(jdk -> jdk.feature() == feature)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "--jdks: no JDK " + feature + " under " + root + "; give its home directory instead")));
        }
        return jdks;
    }

    /** The running JDK, and the newest one under {@code root} when its feature version differs. */
    static List<Jdk> defaults(Path root) {
        List<Jdk> jdks = new ArrayList<>(List.of(running()));
        newest(root).filter(jdk -> jdk.feature() != running().feature()).ifPresent(jdks::add);
        return jdks;
    }

    /** What {@code bin/newest-jdk} prints: the highest feature version among full JDKs (with javac). */
    static Optional<Jdk> newest(Path root) {
        return installed(root, true).stream().max(Comparator.comparingInt(Jdk::feature));
    }

    /** A JDK home given as a path. */
    static Jdk at(Path home) {
        if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
            throw new IllegalArgumentException("--jdks: " + home + " is not a JDK home (no bin/java)");
        }
        return new Jdk(
                home,
                feature(home)
                        .orElseThrow(() -> new IllegalArgumentException("--jdks: cannot tell the version of " + home)));
    }

    /** The JDKs under {@code root} in name order, each once (Debian links one home under several names). */
    private static List<Jdk> installed(Path root, boolean withJavac) {
        Map<Path, Jdk> byRealPath = new LinkedHashMap<>();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> homes = Files.list(root)) {
            for (Path home : homes.sorted().toList()) {
                boolean usable = Files.isExecutable(home.resolve("bin").resolve("java"))
                        && (!withJavac || Files.isExecutable(home.resolve("bin").resolve("javac")));
                if (!usable || byRealPath.containsKey(home.toRealPath())) {
                    continue;
                }
                OptionalInt feature = feature(home);
                if (feature.isPresent()) {
                    byRealPath.put(home.toRealPath(), new Jdk(home.toRealPath(), feature.getAsInt()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + root, e);
        }
        return List.copyOf(byRealPath.values());
    }

    /** The feature version {@code home/bin/java} reports, or empty when it does not run or is a 1.x. */
    static OptionalInt feature(Path home) {
        try {
            Process process = new ProcessBuilder(
                            home.resolve("bin").resolve("java").toString(), "-XshowSettings:properties", "-version")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return OptionalInt.empty();
            }
            Matcher matcher = SPECIFICATION.matcher(output);
            return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }
}
