package dev.curlmulti.core.internal.jna;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LibCurlLoaderTest {
    @Test
    void aMissingLibraryFailsWithAMessageThatSaysWhatToDo() {
        String previous = System.getProperty(LibCurlLoader.LIBRARY_PROPERTY);
        System.setProperty(LibCurlLoader.LIBRARY_PROPERTY, "/nonexistent/libcurl-missing.so");
        try {
            assertThatThrownBy(LibCurlLoader::open).isInstanceOf(UnsatisfiedLinkError.class)
                    .hasMessageContaining("/nonexistent/libcurl-missing.so")
                    .hasMessageContaining("apt-get install libcurl4")
                    .hasMessageContaining(LibCurlLoader.LIBRARY_PROPERTY);
        } finally {
            if (previous == null) {
                System.clearProperty(LibCurlLoader.LIBRARY_PROPERTY);
            } else {
                System.setProperty(LibCurlLoader.LIBRARY_PROPERTY, previous);
            }
        }
    }

    @Test
    void theSystemPropertyLoadsTheNamedFile() {
        String file = LibCurl.LIBRARY.getFile().getPath();
        System.setProperty(LibCurlLoader.LIBRARY_PROPERTY, file);
        try {
            assertThat(LibCurlLoader.open().library().getFile().getPath()).isEqualTo(file);
        } finally {
            System.clearProperty(LibCurlLoader.LIBRARY_PROPERTY);
        }
    }

    @Test
    void aLibraryOlderThanTheMinimumIsRefusedByName() {
        assertThatThrownBy(() -> LibCurlLoader.requireMinimum("7.61.1", 0x073d01, "/lib/libcurl.so.4"))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessageContaining("7.61.1").hasMessageContaining("7.68.0")
                .hasMessageContaining("/lib/libcurl.so.4");
        LibCurlLoader.requireMinimum("7.68.0", 0x074400, "/lib/libcurl.so.4");
    }
}
