package dev.curlmulti.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdksTest {

    @Test
    void aFeatureVersionOrAHomeFindsAJdk(@TempDir Path empty) {
        Jdk running = Jdks.running();
        assertThat(Jdks.parse(Integer.toString(running.feature()), empty)).containsExactly(running);
        assertThat(Jdks.parse(running.home().toString(), empty)).containsExactly(running);
        assertThatThrownBy(() -> Jdks.parse("8", empty)).hasMessageContaining("no JDK 8 under " + empty);
        assertThatThrownBy(() -> Jdks.parse(empty.toString(), empty)).hasMessageContaining("not a JDK home");
    }

    @Test
    void theDefaultIsTheRunningJdkAloneWhenNoOtherIsInstalled(@TempDir Path empty) {
        assertThat(Jdks.defaults(empty)).containsExactly(Jdks.running());
        assertThat(Jdks.newest(empty)).isEmpty();
    }

    /** As bin/newest-jdk: the highest version among homes with a javac; each home once, however linked. */
    @Test
    void theDefaultAddsTheNewestInstalledJdk(@TempDir Path root) throws IOException {
        Path newest = fakeJdk(root.resolve("jdk-99"), 99, true);
        fakeJdk(root.resolve("jre-98"), 98, false);
        Files.createSymbolicLink(root.resolve("a-link-to-99"), newest);

        assertThat(Jdks.defaults(root)).containsExactly(Jdks.running(), new Jdk(newest.toRealPath(), 99));
        assertThat(Jdks.parse("98", root))
                .containsExactly(new Jdk(root.resolve("jre-98").toRealPath(), 98));
    }

    /** A home whose java answers -XshowSettings:properties the way a real one does, on stderr. */
    private static Path fakeJdk(Path home, int feature, boolean withJavac) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        String script = "#!/bin/sh\necho '    java.specification.version = " + feature + "' >&2\n";
        for (String tool : withJavac ? new String[] {"java", "javac"} : new String[] {"java"}) {
            Path file = Files.writeString(bin.resolve(tool), script);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }
}
