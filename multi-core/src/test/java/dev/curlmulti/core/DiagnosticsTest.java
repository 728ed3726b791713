package dev.curlmulti.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The figures measurement programs and soak runs read follow what handles do. */
@ExtendWith(NoLeakedHandles.class)
class DiagnosticsTest {
    @Test
    void anOpenHandleCountsAsOneLiveNativeObjectAndOneCallbackIdUntilClosed() {
        long objects = Diagnostics.liveNativeObjects();
        long ids = Diagnostics.callbackIds();
        try (Curl curl = new Curl()) {
            assertThat(Diagnostics.liveNativeObjects()).isEqualTo(objects + 1);
            assertThat(Diagnostics.callbackIds()).isEqualTo(ids + 1);
        }
        assertThat(Diagnostics.liveNativeObjects()).isEqualTo(objects);
        assertThat(Diagnostics.callbackIds()).isEqualTo(ids);
    }

    @Test
    void everySetoptIsCounted() {
        try (Curl curl = new Curl()) {
            long before = Diagnostics.setoptCalls();
            curl.setopt(CurlOpt.TIMEOUT_MS, 5000L);
            curl.setopt(CurlOpt.URL, "http://127.0.0.1:1/");
            assertThat(Diagnostics.setoptCalls() - before).isEqualTo(2);
        }
    }

    @Test
    void theBindingsProbesEachReportTheCrossingsTheyMade() {
        List<Diagnostics.Probe> probes = Diagnostics.nativeCallProbes();
        assertThat(probes)
                .isNotEmpty()
                .allSatisfy(probe -> assertThat(probe.name()).isNotBlank());
        assertThat(probes.get(0).batch().getAsLong()).isPositive();
    }

    @Test
    void theHeaderWalkReadsTheLastResponseWhereLibcurlHasTheHeaderApi() throws Exception {
        try (TestServer server = new TestServer();
                Curl curl = new Curl()) {
            curl.setopt(CurlOpt.URL, server.url("/bytes/10"));
            curl.setopt(CurlOpt.WRITEFUNCTION, data -> data.remaining());
            curl.perform();
            Optional<Diagnostics.Probe> walk = Diagnostics.headerWalkProbe(curl, 3);
            assertThat(walk.isPresent()).isEqualTo(CurlVersion.current().isAtLeast(7, 84, 0));
            if (walk.isPresent()) {
                assertThat(walk.get().batch().getAsLong()).isEqualTo(3);
                curl.close();
                assertThatThrownBy(walk.get().batch()::getAsLong).isInstanceOf(IllegalStateException.class);
            }
        }
    }
}
