package dev.curlmulti.samples.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.Nginx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak and storm runs of {@code bin/soak}, shortened for the default test run: the same code
 * and the same checks, with fewer requests. The long runs and their curves are in docs/testing.md.
 */
@Timeout(300)
class SoakRunsTest {
    private static Nginx nginx;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

    @BeforeAll
    static void startServer() {
        nginx = SoakServer.start();
    }

    @AfterAll
    static void stopServer() {
        nginx.close();
    }

    @Test
    void keepAliveRequestsLeaveMemoryThreadsAndHandlesFlat() throws Exception {
        KeepAliveSoak.Result result = KeepAliveSoak.run(nginx.httpUrl("1k.bin"), 1024, 30_000, 6, 64, out);
        assertThat(result.problems()).as(log.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.requests()).isEqualTo(30_000);
        assertThat(result.curve()).hasSize(6);
        assertThat(result.curve().get(result.curve().size() - 1).threads())
                .isEqualTo(result.curve().get(1).threads());
    }

    @Test
    void aStormOfCancelsPausesAndDisposedClientsEndsEverySubscriberOnceAndLeaksNothing() throws Exception {
        CancelStorm.Result result = CancelStorm.run(SoakServer.stormUrls(nginx), 6_000, 8, 4, 1_000, 7, out);
        assertThat(result.problems())
                .as(log.toString(StandardCharsets.UTF_8) + result.outcomes())
                .isEmpty();
        // Every fate happened, so the run proved something about each of them.
        assertThat(result.outcomes()).containsKeys("cancelled", "read to the end", "read to the end after pauses");
        assertThat(result.clientCloses()).isEqualTo(6);
        assertThat(result.outcomes().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(6_000);
    }

    @Test
    void clientsCreatedAndDisposedGiveBackTheirThreadsAndNativeMemory() throws Exception {
        ClientChurn.Result result = ClientChurn.run(nginx.httpUrl("1k.bin"), 60, 3, out);
        assertThat(result.problems()).as(log.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.curve()).isNotEmpty().allSatisfy(point -> {
            assertThat(point.liveNative()).isZero();
            assertThat(point.threads()).isLessThanOrEqualTo(result.baseline().threads());
        });
    }

    @Test
    void overloadEndsEveryRequestTypedWithinItsLimitsAndLeavesMemoryFlat() throws Exception {
        OverloadSoak.Result result =
                OverloadSoak.overload(nginx.httpUrl("1k.bin"), nginx.httpUrl("stall/1k.bin"), 50_000, 5, out);
        assertThat(result.problems())
                .as(log.toString(StandardCharsets.UTF_8) + result.outcomes())
                .isEmpty();
        assertThat(result.outcomes().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(50_000);
        // Each way a request can end under overload happened: completed, refused, waited too long, stalled.
        assertThat(result.outcomes())
                .containsKeys("completed", "PendingLimitException MAX_PENDING_REQUESTS", "CurlTimeoutException (28)");
    }

    @Test
    void aServerThatGoesAwayAndComesBackLosesNoRequest() throws Exception {
        OverloadSoak.Result result = OverloadSoak.flaky(nginx.httpPort(), "1k.bin", 40_000, 4, out);
        assertThat(result.problems())
                .as(log.toString(StandardCharsets.UTF_8) + result.outcomes())
                .isEmpty();
        assertThat(result.outcomes().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(40_000);
        assertThat(result.outcomes().get("completed")).isGreaterThan(30_000);
    }
}
