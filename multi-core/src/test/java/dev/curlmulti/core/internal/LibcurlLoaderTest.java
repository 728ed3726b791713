package dev.curlmulti.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the loader decides for both bindings: the oldest libcurl accepted, and the facts it reads. */
class LibcurlLoaderTest {
    @Test
    void aLibraryOlderThanTheMinimumIsRefusedByName() {
        assertThatThrownBy(() -> LibcurlLoader.requireMinimum("7.61.1", 0x073d01, "/lib/libcurl.so.4"))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessageContaining("7.61.1")
                .hasMessageContaining("7.68.0")
                .hasMessageContaining("/lib/libcurl.so.4");
        LibcurlLoader.requireMinimum("7.68.0", 0x074400, "/lib/libcurl.so.4");
    }

    @Test
    void featureBitsAreNamedAsCurlPrintsThem() {
        int ipv6 = 1;
        int asynchDns = 1 << 7;
        int http2 = 1 << 16;
        int threadsafe = 1 << 30;
        assertThat(VersionInfoReader.features(ipv6 | asynchDns | http2 | threadsafe))
                .containsExactly("IPv6", "AsynchDNS", "HTTP2", "threadsafe");
    }

    @Test
    void theLoadedLibraryIsDescribedByTheStructTheBindingHandedOver() {
        LibraryInfo info = NativeBinding.get().library();
        assertThat(info.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(LibraryInfo.versionString(info.versionNum()))
                .isEqualTo(info.version().replaceAll("[^0-9.].*", ""));
        assertThat(info.isAtLeast(LibraryInfo.MINIMUM_VERSION_NUM)).isTrue();
        assertThat(info.protocols()).contains("http", "https");
        assertThat(info.features()).contains("SSL");
        assertThat(info.host()).isNotBlank();
    }
}
