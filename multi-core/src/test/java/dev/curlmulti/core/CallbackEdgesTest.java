package dev.curlmulti.core;

import static dev.curlmulti.core.PycurlLoopsTest.performUntilDone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.internal.LibraryInfo;
import dev.curlmulti.core.testing.BodyCollector;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Callbacks at the edges: pausing, verbose output, and misuse from inside a callback. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(30)
class CallbackEdgesTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void aPausedWriteIsDeliveredAgainAfterUnpausingAndTheBodyArrivesIntact() throws Exception {
        try (CurlMulti m = new CurlMulti();
                Curl c = new Curl()) {
            BodyCollector body = new BodyCollector();
            AtomicBoolean paused = new AtomicBoolean();
            int[] pauses = {0};
            c.setopt(CurlOpt.URL, server.url("/bytes/300000"));
            c.setopt(CurlOpt.WRITEFUNCTION, data -> {
                // Refuse every third chunk once; libcurl keeps it and hands it over again.
                if (!paused.get() && pauses[0] < 20 && data.remaining() > 0 && (pauses[0]++ % 3 == 0)) {
                    paused.set(true);
                    return Curl.WRITEFUNC_PAUSE;
                }
                return body.write(data);
            });
            m.addHandle(c);
            int running = performUntilDone(m);
            while (running > 0) {
                if (paused.getAndSet(false)) {
                    c.pause(Curl.PAUSE_CONT);
                }
                m.poll(Duration.ofMillis(50));
                running = performUntilDone(m);
            }
            assertThat(m.infoRead().succeeded()).containsExactly(c);
            assertThat(pauses[0]).isGreaterThan(1);
            assertThat(body.bytes()).isEqualTo(TestServer.body(300000));
        }
    }

    @Test
    void theDebugFunctionSeesTheOutgoingRequest() throws Exception {
        try (Curl c = new Curl()) {
            StringBuilder headersOut = new StringBuilder();
            c.setopt(CurlOpt.URL, server.url("/bytes/10"));
            c.setopt(CurlOpt.WRITEFUNCTION, new BodyCollector());
            c.setopt(CurlOpt.VERBOSE, true);
            c.setopt(CurlOpt.DEBUGFUNCTION, (int type, ByteBuffer data) -> {
                if (type == Curl.INFO_HEADER_OUT) {
                    headersOut.append(StandardCharsets.ISO_8859_1.decode(data));
                }
            });
            c.perform();
            assertThat(headersOut.toString()).startsWith("GET /bytes/10 HTTP/1.1");
        }
    }

    @Test
    void closingAHandleFromInsideItsOwnCallbackIsRefusedNotACrash() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        try (CurlMulti m = new CurlMulti();
                Curl c = new Curl()) {
            c.setopt(CurlOpt.URL, server.url("/bytes/1000"));
            c.setopt(CurlOpt.WRITEFUNCTION, data -> {
                c.close();
                return data.remaining();
            });
            m.addHandle(c);
            while (performUntilDone(m) > 0) {
                m.poll(Duration.ofMillis(50));
            }
            InfoRead info = m.infoRead();
            assertThat(info.failed()).hasSize(1);
            seen.set(info.failed().get(0).cause());
            assertThat(c.isClosed()).isFalse();
        }
        assertThat(seen.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a libcurl callback");
    }

    @Test
    void closingTheMultiFromInsideACallbackIsRefused() throws Exception {
        try (CurlMulti m = new CurlMulti();
                Curl c = new Curl()) {
            c.setopt(CurlOpt.URL, server.url("/bytes/1000"));
            c.setopt(CurlOpt.WRITEFUNCTION, data -> {
                m.close();
                return data.remaining();
            });
            m.addHandle(c);
            while (performUntilDone(m) > 0) {
                m.poll(Duration.ofMillis(50));
            }
            assertThat(m.isClosed()).isFalse();
            assertThat(m.infoRead().failed().get(0).cause()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void performFromInsideItsOwnCallbackIsRefused() {
        try (Curl c = new Curl()) {
            c.setopt(CurlOpt.URL, server.url("/bytes/10"));
            c.setopt(CurlOpt.WRITEFUNCTION, data -> {
                c.perform();
                return data.remaining();
            });
            assertThatThrownBy(c::perform)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inside a libcurl callback");
        }
    }

    @Test
    void anOptionNewerThanTheLoadedLibcurlIsRefusedWithTheVersionItNeeds() {
        LibraryInfo old = new LibraryInfo(
                "7.68.0",
                0x074400,
                "x86_64-pc-linux-gnu",
                null,
                null,
                Set.of(),
                List.of(),
                "old.so",
                LibcurlOrigin.SYSTEM,
                Map.of(),
                null);
        assertThatThrownBy(() -> old.require("CURLOPT_CA_CACHE_TIMEOUT", 0x075700))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("CURLOPT_CA_CACHE_TIMEOUT needs libcurl 7.87.0 or newer; the loaded libcurl is 7.68.0");
        old.require("CURLOPT_URL", 0x070100);
    }
}
