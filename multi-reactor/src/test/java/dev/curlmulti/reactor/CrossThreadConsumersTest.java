package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.core.testing.Nginx;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The client guide's advice for blocking work (docs/client.md), {@code publishOn} and
 * {@code bodyAsInputStream()}, hands demand to the loop from other threads; each hand-over must wake the loop at once. A lost wakeup
 * shows as a gap of about the loop's 1 s idle wait between two chunks of a body that otherwise
 * streams in milliseconds.
 */
@ParameterizedClass
@EnumSource(LoopDriverKind.class)
@ExtendWith(NoLeakedHandles.class)
@Timeout(180)
class CrossThreadConsumersTest {
    private static final int BODY = 4 << 20;
    private static final int BODIES = 24;
    /** Far below the loop's 1 s idle wait, far above scheduling noise on 2 cores. */
    private static final long MAX_GAP_MS = 400;

    private static Nginx nginx;
    private static String sha;

    private final LoopDriverKind driver;

    CrossThreadConsumersTest(LoopDriverKind driver) {
        this.driver = driver;
    }

    @BeforeAll
    static void startServer() {
        nginx = new Nginx();
        sha = nginx.writeCountingFile("four.bin", BODY);
    }

    @AfterAll
    static void stopServer() {
        nginx.close();
    }

    @Test
    void bodiesReadAfterPublishOnNeverWaitForTheLoopsIdleInterval() throws Exception {
        try (CurlClient client = CurlClient.builder().loopDriver(driver).build()) {
            for (int i = 0; i < BODIES; i++) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                long[] last = {System.nanoTime()};
                long[] worst = {0};
                client.get(nginx.httpUrl("four.bin"))
                        .flatMapMany(CurlResponse::body)
                        .publishOn(Schedulers.boundedElastic())
                        .doOnNext(buffer -> {
                            long now = System.nanoTime();
                            worst[0] = Math.max(worst[0], now - last[0]);
                            last[0] = now;
                            digest.update(buffer);
                        })
                        .then()
                        .block(Duration.ofSeconds(30));
                assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sha);
                assertThat(TimeUnit.NANOSECONDS.toMillis(worst[0]))
                        .as("longest gap between chunks of body %d, ms", i)
                        .isLessThan(MAX_GAP_MS);
            }
        }
    }

    @Test
    void bodiesReadAsInputStreamsNeverWaitForTheLoopsIdleInterval() throws Exception {
        try (CurlClient client = CurlClient.builder().loopDriver(driver).build()) {
            Flux.range(0, BODIES)
                    .concatMap(i -> client.get(nginx.httpUrl("four.bin")))
                    .toIterable(1)
                    .forEach(response -> {
                        try (InputStream in = response.bodyAsInputStream()) {
                            MessageDigest digest = MessageDigest.getInstance("SHA-256");
                            byte[] buffer = new byte[8192];
                            long worst = 0;
                            long last = System.nanoTime();
                            int n;
                            while ((n = in.read(buffer)) > 0) {
                                long now = System.nanoTime();
                                worst = Math.max(worst, now - last);
                                last = now;
                                digest.update(buffer, 0, n);
                            }
                            assertThat(HexFormat.of().formatHex(digest.digest()))
                                    .isEqualTo(sha);
                            assertThat(TimeUnit.NANOSECONDS.toMillis(worst))
                                    .as("longest wait for a read, ms")
                                    .isLessThan(MAX_GAP_MS);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
        }
    }
}
