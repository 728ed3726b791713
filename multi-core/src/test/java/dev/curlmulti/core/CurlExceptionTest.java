package dev.curlmulti.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How a libcurl code becomes a typed exception. The end-to-end cases (a real TLS 1.3 server
 * refusing a missing client certificate, a 1 MiB response head) are in the Reactor module's
 * FaultMatrixTest; these pin the text rules for send/receive errors, which only libcurl's message
 * tells apart.
 */
class CurlExceptionTest {
    @Test
    void aReceiveErrorCarryingATlsAlertIsATlsError() {
        // What libcurl 7.88 with OpenSSL 3 reports when a TLS 1.3 server refuses the client's certificate.
        assertThat(CurlException.of(
                        56, "OpenSSL SSL_read: error:0A000412:SSL routines::sslv3 alert bad certificate, errno 0"))
                .isInstanceOf(CurlTlsException.class);
        // OpenSSL 1.1 writes the function name between the colons.
        assertThat(CurlException.of(
                        56,
                        "OpenSSL SSL_read: error:14094412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate, "
                                + "errno 0"))
                .isInstanceOf(CurlTlsException.class);
    }

    @Test
    void libcurlsCapOnAResponseHeadIsATooLargeError() {
        assertThat(CurlException.of(56, "Too large response headers: 308212 > 307200"))
                .isInstanceOf(CurlTooLargeException.class);
    }

    @Test
    void libcurl8sTooLargeCodeIsATooLargeErrorWithItsName() {
        CurlException e = CurlException.of(100, "Too large response headers");
        assertThat(e).isInstanceOf(CurlTooLargeException.class);
        assertThat(e.codeName()).isEqualTo("CURLE_TOO_LARGE");
    }

    @Test
    void aResetStaysAPlainRetryableReceiveError() {
        CurlException reset = CurlException.of(56, "Recv failure: Connection reset by peer");
        assertThat(reset.getClass()).isEqualTo(CurlException.class);
        assertThat(CurlException.of(56, "OpenSSL SSL_read: Connection reset by peer, errno 104")
                        .getClass())
                .isEqualTo(CurlException.class);
        assertThat(CurlException.of(55, null).getClass()).isEqualTo(CurlException.class);
        assertThat(reset.codeName()).isEqualTo("CURLE_RECV_ERROR");
    }
}
