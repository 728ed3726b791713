package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlException;
import org.junit.jupiter.api.Test;

/** Which failures a download batch retries: transient ones only, judged by the typed exception. */
class DownloadRetryRulesTest {
    @Test
    void aResetIsRetriedButATlsRefusalOrAnOversizedHeadWithTheSameCodeIsNot() {
        assertThat(RetryPolicy.defaults().retriesError(CurlException.of(56, "Recv failure: Connection reset by peer")))
                .isTrue();
        assertThat(RetryPolicy.defaults()
                        .retriesError(CurlException.of(
                                56,
                                "OpenSSL SSL_read: error:0A000412:SSL routines::sslv3 alert bad certificate, errno 0")))
                .isFalse();
        assertThat(RetryPolicy.defaults()
                        .retriesError(CurlException.of(56, "Too large response headers: 308212 > 307200")))
                .isFalse();
    }
}
