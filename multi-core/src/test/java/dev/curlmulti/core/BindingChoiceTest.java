package dev.curlmulti.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.internal.NativeBinding;
import org.junit.jupiter.api.Test;

/** The binding is chosen by the running Java: FFM on 22+ (when built in), JNA before, or what the property asks. */
class BindingChoiceTest {
    @Test
    void theBindingMatchesTheJavaItRunsOn() {
        String name = NativeBinding.get().name();
        System.out.println("native binding in this test run: " + name + " (Java " + Runtime.version() + ")");
        String forced = System.getProperty("dev.curlmulti.binding", "");
        if (forced.equalsIgnoreCase("jna") || Runtime.version().feature() < 22) {
            assertThat(name).startsWith("JNA ");
        } else if (forced.equalsIgnoreCase("ffm") || ffmBuiltIn()) {
            assertThat(name).isEqualTo("FFM (Java " + Runtime.version().feature() + ")");
        } else {
            assertThat(name).startsWith("JNA ");
        }
    }

    private static boolean ffmBuiltIn() {
        try {
            Class.forName("dev.curlmulti.core.internal.ffm.FfmBinding");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
