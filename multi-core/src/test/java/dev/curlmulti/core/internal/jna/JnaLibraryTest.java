package dev.curlmulti.core.internal.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.LibcurlOrigin;
import dev.curlmulti.core.internal.LibcurlLoader;
import dev.curlmulti.core.internal.LibraryChooser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loader with JNA's opener: the property's file is opened, a missing one is an error that says what to do. */
class JnaLibraryTest {
    private String previous;

    @BeforeEach
    void rememberTheProperty() {
        previous = System.getProperty(LibraryChooser.LIBRARY_PROPERTY);
    }

    @AfterEach
    void restoreTheProperty() {
        if (previous == null) {
            System.clearProperty(LibraryChooser.LIBRARY_PROPERTY);
        } else {
            System.setProperty(LibraryChooser.LIBRARY_PROPERTY, previous);
        }
    }

    @Test
    void aMissingLibraryFailsWithAMessageThatSaysWhatToDo() {
        System.setProperty(LibraryChooser.LIBRARY_PROPERTY, "/nonexistent/libcurl-missing.so");
        assertThatThrownBy(() -> LibcurlLoader.open(JnaLibrary::open))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessageContaining("/nonexistent/libcurl-missing.so")
                .hasMessageContaining("apt-get install libcurl4")
                .hasMessageContaining(LibraryChooser.LIBRARY_PROPERTY)
                .hasCauseInstanceOf(UnsatisfiedLinkError.class);
    }

    @Test
    void theSystemPropertyLoadsTheNamedFile() {
        String file = LibCurl.LIBRARY.getFile().getPath();
        System.setProperty(LibraryChooser.LIBRARY_PROPERTY, file);
        LibcurlLoader.Opened<JnaLibrary> opened = LibcurlLoader.open(JnaLibrary::open);
        assertThat(opened.library().file()).isEqualTo(file);
        assertThat(opened.location().origin()).isEqualTo(LibcurlOrigin.PROPERTY);
    }
}
