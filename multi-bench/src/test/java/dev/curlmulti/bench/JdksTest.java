package dev.curlmulti.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
