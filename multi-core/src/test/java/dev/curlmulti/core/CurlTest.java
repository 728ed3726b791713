package dev.curlmulti.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.testing.BodyCollector;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeakedHandles.class)
@Timeout(30)
class CurlTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void performDownloadsTheBodyAndGetinfoReturnsTypedValues() throws Exception {
        try (Curl c = new Curl()) {
            BodyCollector body = new BodyCollector();
            c.setopt(CurlOpt.URL, server.url("/bytes/4096"));
            c.setopt(CurlOpt.WRITEFUNCTION, body);
            c.perform();

            assertThat(body.bytes()).isEqualTo(TestServer.body(4096));
            long status = c.getinfo(CurlInfo.RESPONSE_CODE);
            double total = c.getinfo(CurlInfo.TOTAL_TIME);
            long totalMicros = c.getinfo(CurlInfo.TOTAL_TIME_T);
            String effectiveUrl = c.getinfo(CurlInfo.EFFECTIVE_URL);
            String method = c.getinfo(CurlInfo.EFFECTIVE_METHOD);
            assertThat(status).isEqualTo(200);
            assertThat(total).isPositive();
            assertThat(totalMicros).isPositive();
            assertThat(effectiveUrl).isEqualTo(server.url("/bytes/4096"));
            assertThat(method).isEqualTo("GET");
            assertThatThrownBy(() -> c.getinfo(CurlInfo.CERTINFO)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void headersReadFunctionAndPostFieldsReachTheServer() throws Exception {
        try (Curl c = new Curl()) {
            List<String> headerLines = new ArrayList<>();
            BodyCollector body = new BodyCollector();
            byte[] upload = TestServer.body(70_000);
            c.setopt(CurlOpt.URL, server.url("/echo"));
            c.setopt(CurlOpt.UPLOAD, true);
            c.setopt(CurlOpt.CUSTOMREQUEST, "POST");
            c.setopt(CurlOpt.INFILESIZE_LARGE, upload.length);
            ByteArrayInputStream source = new ByteArrayInputStream(upload);
            c.setopt(CurlOpt.READFUNCTION, (buffer, offset, length) -> source.read(buffer, offset, length));
            c.setopt(CurlOpt.HTTPHEADER, List.of("X-Trace: abc", "Expect:"));
            c.setopt(CurlOpt.WRITEFUNCTION, body);
            c.setopt(CurlOpt.HEADERFUNCTION, (ByteBuffer line) -> {
                int n = line.remaining();
                headerLines.add(
                        StandardCharsets.ISO_8859_1.decode(line).toString().trim());
                return n;
            });
            c.perform();

            RecordedRequest request = server.takeRequest();
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getHeader("X-Trace")).isEqualTo("abc");
            assertThat(body.bytes()).isEqualTo(upload);
            assertThat(headerLines.get(0)).startsWith("HTTP/1.1 200");
            assertThat(headerLines).contains("");

            // Binary POST data with NUL bytes is sent whole.
            byte[] binary = {1, 0, 2, 0, 3};
            BodyCollector echo = new BodyCollector();
            c.setopt(CurlOpt.UPLOAD, false);
            c.setopt(CurlOpt.CUSTOMREQUEST, (String) null);
            c.setopt(CurlOpt.POSTFIELDS, binary);
            c.setopt(CurlOpt.WRITEFUNCTION, echo);
            c.perform();
            assertThat(echo.bytes()).isEqualTo(binary);
        }
    }

    @Test
    void aCallbackExceptionIsWhatPerformThrows() {
        try (Curl c = new Curl()) {
            c.setopt(CurlOpt.URL, server.url("/bytes/10"));
            IllegalStateException boom = new IllegalStateException("boom");
            c.setopt(CurlOpt.WRITEFUNCTION, (ByteBuffer data) -> {
                throw boom;
            });
            assertThatThrownBy(c::perform).isSameAs(boom);

            IOException io = new IOException("disk full");
            c.setopt(CurlOpt.WRITEFUNCTION, (ByteBuffer data) -> {
                throw io;
            });
            assertThatThrownBy(c::perform)
                    .isInstanceOf(CurlException.class)
                    .hasCause(io)
                    .satisfies(e -> assertThat(((CurlException) e).code()).isEqualTo(23));
        }
    }

    @Test
    void aProgressFunctionCanAbortTheTransfer() {
        try (Curl c = new Curl()) {
            c.setopt(CurlOpt.URL, server.url("/slow/50000"));
            c.setopt(CurlOpt.WRITEFUNCTION, new BodyCollector());
            c.setopt(CurlOpt.XFERINFOFUNCTION, (dlTotal, dlNow, ulTotal, ulNow) -> dlNow > 0 ? 1 : 0);
            assertThatThrownBy(c::perform)
                    .isInstanceOf(CurlException.class)
                    .satisfies(e -> assertThat(((CurlException) e).codeName()).isEqualTo("CURLE_ABORTED_BY_CALLBACK"));
        }
    }

    @Test
    void aWriteFunctionReturningTheWrongCountFailsWithWriteError() {
        try (Curl c = new Curl()) {
            c.setopt(CurlOpt.URL, server.url("/bytes/100"));
            c.setopt(CurlOpt.WRITEFUNCTION, (ByteBuffer data) -> 0);
            assertThatThrownBy(c::perform)
                    .isInstanceOf(CurlException.class)
                    .satisfies(e -> assertThat(((CurlException) e).code()).isEqualTo(23));
        }
    }

    @Test
    void wrongValueTypesAndManagedOptionsAreRejectedBeforeNativeCode() {
        try (Curl c = new Curl()) {
            assertThatThrownBy(() -> c.setopt(CurlOpt.URL, 5L))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CURLOPT_URL takes a String");
            assertThatThrownBy(() -> c.setopt(CurlOpt.TIMEOUT_MS, "5")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.setopt(CurlOpt.URL, List.of("a"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.setopt(CurlOpt.ERRORBUFFER, "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("managed");
            assertThatThrownBy(() -> c.setopt(CurlOpt.NOSIGNAL, 0L)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.setopt(CurlOpt.URL, "http://a/\0evil"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("NUL");
            assertThatThrownBy(() -> c.setopt(CurlOpt.HTTPHEADER, List.of("A: \0")))
                    .isInstanceOf(IllegalArgumentException.class);
            // libcurl's own rejection is reported with the option and code names.
            assertThatThrownBy(() -> c.setopt(CurlOpt.SSLVERSION, 999L))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CURLOPT_SSLVERSION")
                    .hasMessageContaining("CURLE_");
        }
    }

    @Test
    void everyOptionOfTheLoadedVersionCanBeCheckedAndNoneClaimsAFutureVersion() {
        int loaded = CurlVersion.current().versionNum();
        for (CurlOpt option : CurlOpt.values()) {
            assertThat(Integer.compareUnsigned(option.since(), 0x080e01))
                    .as(option.cName())
                    .isLessThanOrEqualTo(0);
        }
        for (CurlInfo info : CurlInfo.values()) {
            assertThat(Integer.compareUnsigned(info.since(), 0x080e01))
                    .as(info.cName())
                    .isLessThanOrEqualTo(0);
        }
        assertThat(loaded).isGreaterThanOrEqualTo(0x074400);
        assertThat(CurlOpt.URL.code()).isEqualTo(10002);
        assertThat(CurlOpt.POSTFIELDSIZE_LARGE.code()).isEqualTo(30120);
        assertThat(CurlOpt.SSLCERT_BLOB.type()).isEqualTo(CurlOpt.Type.BLOB);
        assertThat(CurlInfo.RESPONSE_CODE.code()).isEqualTo(0x200002);
    }

    @Test
    void anOptionOrInfoItemOfLibcurl8IsUsableOn8AndAClearErrorBefore() {
        boolean eight = CurlVersion.current().isAtLeast(8, 6, 0);
        try (Curl c = new Curl()) {
            if (eight) {
                c.setopt(CurlOpt.SERVER_RESPONSE_TIMEOUT_MS, 5_000L);
                assertThat((Object) c.getinfo(CurlInfo.QUEUE_TIME_T)).isEqualTo(0L);
            } else {
                assertThatThrownBy(() -> c.setopt(CurlOpt.SERVER_RESPONSE_TIMEOUT_MS, 5_000L))
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("CURLOPT_SERVER_RESPONSE_TIMEOUT_MS needs libcurl 8.6.0");
                assertThatThrownBy(() -> c.getinfo(CurlInfo.QUEUE_TIME_T))
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("8.6.0");
            }
        }
        assertThat(CurlOpt.SSL_SIGNATURE_ALGORITHMS.code()).isEqualTo(10328);
        assertThat(CurlInfo.PROXYAUTH_USED.code()).isEqualTo(0x200046);
    }

    @Test
    void methodsAfterCloseThrowAndCloseIsIdempotent() {
        Curl c = new Curl();
        c.close();
        c.close();
        assertThatThrownBy(() -> c.setopt(CurlOpt.URL, "http://x/")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::perform).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.getinfo(CurlInfo.RESPONSE_CODE)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::reset).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::duphandle).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.pause(Curl.PAUSE_CONT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void duphandleCopiesOptionsAndOutlivesTheOriginal() throws Exception {
        Curl original = new Curl();
        original.setopt(CurlOpt.URL, server.url("/echo"));
        original.setopt(CurlOpt.HTTPHEADER, List.of("X-Copied: yes"));
        original.setopt(CurlOpt.POSTFIELDS, "hello");
        original.setopt(CurlOpt.WRITEFUNCTION, new BodyCollector());
        try (Curl copy = original.duphandle()) {
            original.close();
            BodyCollector body = new BodyCollector();
            copy.setopt(CurlOpt.WRITEFUNCTION, body);
            copy.perform();
            assertThat(body.text()).isEqualTo("hello");
            assertThat(server.takeRequest().getHeader("X-Copied")).isEqualTo("yes");
        }
    }

    @Test
    void resetRestoresDefaultsButKeepsTheHandleUsable() throws Exception {
        try (Curl c = new Curl()) {
            c.setopt(CurlOpt.URL, server.url("/status/500"));
            c.setopt(CurlOpt.HTTPHEADER, List.of("X-Gone: 1"));
            c.setopt(CurlOpt.WRITEFUNCTION, new BodyCollector());
            c.perform();
            c.reset();
            BodyCollector body = new BodyCollector();
            c.setopt(CurlOpt.URL, server.url("/bytes/10"));
            c.setopt(CurlOpt.WRITEFUNCTION, body);
            c.perform();
            server.takeRequest();
            assertThat(server.takeRequest().getHeader("X-Gone")).isNull();
            assertThat(body.bytes()).hasSize(10);
        }
    }

    @Test
    void aShareCarriesCookiesFromOneHandleToAnother() throws Exception {
        try (CurlShare share = new CurlShare();
                Curl first = new Curl();
                Curl second = new Curl()) {
            share.share(CurlLockData.COOKIE);
            share.share(CurlLockData.DNS);
            for (Curl c : List.of(first, second)) {
                c.setopt(CurlOpt.SHARE, share);
                c.setopt(CurlOpt.COOKIEFILE, "");
            }
            first.setopt(CurlOpt.URL, server.url("/set-cookie"));
            first.setopt(CurlOpt.WRITEFUNCTION, new BodyCollector());
            first.perform();

            BodyCollector seen = new BodyCollector();
            second.setopt(CurlOpt.URL, server.url("/cookie"));
            second.setopt(CurlOpt.WRITEFUNCTION, seen);
            second.perform();
            assertThat(seen.text()).isEqualTo("flavour=oat");
        }
    }

    @Test
    void aShareClosedWhileInUseIsFreedWhenItsLastHandleGoes() {
        CurlShare share = new CurlShare();
        share.share(CurlLockData.DNS);
        Curl c = new Curl();
        c.setopt(CurlOpt.SHARE, share);
        share.close();
        share.close();
        assertThatThrownBy(() -> share.share(CurlLockData.COOKIE)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.setopt(CurlOpt.SHARE, share)).isInstanceOf(IllegalStateException.class);
        c.close();
    }

    @Test
    void versionInfoDescribesTheLoadedLibrary() {
        CurlVersion version = CurlVersion.current();
        assertThat(version.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(version.isAtLeast(7, 68, 0)).isTrue();
        assertThat(version.protocols()).contains("http", "https");
        assertThat(version.features()).contains("SSL", "AsynchDNS");
        assertThat(version.file()).contains("curl");
    }
}
