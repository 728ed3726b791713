package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.testing.NoLeakedHandles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Asking for HTTP/3: built on a libcurl that has it; refused, naming what to install, on one that does not. */
@ExtendWith(NoLeakedHandles.class)
class Http3AvailabilityTest {
    @Test
    void http3IsBuiltOnlyOnALibcurlWithIt() {
        boolean has = CurlVersion.current().hasFeature("HTTP3");
        for (HttpVersion version : new HttpVersion[] {HttpVersion.HTTP_3, HttpVersion.HTTP_3_ONLY}) {
            if (has) {
                CurlClient.builder().httpVersion(version).build().dispose();
            } else {
                assertThatThrownBy(
                                () -> CurlClient.builder().httpVersion(version).build())
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining(version.name() + " needs a libcurl built with HTTP/3")
                        .hasMessageContaining("libcurl3-gnutls 8.14.1")
                        .hasMessageContaining(CurlVersion.current().version());
            }
        }
        try (CurlClient client = CurlClient.builder().build()) {
            var request = CurlRequest.builder("https://localhost:1/")
                    .httpVersion(HttpVersion.HTTP_3_ONLY)
                    .build();
            if (!has) {
                Throwable error = null;
                try {
                    client.request(request).block(java.time.Duration.ofSeconds(10));
                } catch (RuntimeException e) {
                    error = reactor.core.Exceptions.unwrap(e);
                }
                assertThat(error).as("a request asking for HTTP/3").isInstanceOf(UnsupportedOperationException.class);
            }
        }
        assertThat(HttpVersion.HTTP_3.curlValue()).isEqualTo(30);
        assertThat(HttpVersion.HTTP_3_ONLY.curlValue()).isEqualTo(31);
    }
}
