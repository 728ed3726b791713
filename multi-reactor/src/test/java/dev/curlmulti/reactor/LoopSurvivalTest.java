package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.EventLoopClosedException;
import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * A loop thread that dies (here: an {@link InternalError}, a {@link VirtualMachineError}, thrown by
 * a body consumer on the loop thread under load) ends its transfers with a typed error, is replaced,
 * and the client keeps serving; nothing hangs, on both loop drivers.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class LoopSurvivalTest {
    private static final int BODY = 256 * 1024;
    private static final int WITNESSES = 4;
    private final TestServer origin = new TestServer();

    @AfterEach
    void tearDown() throws Exception {
        origin.close();
    }

    @ParameterizedTest
    @EnumSource(LoopDriverKind.class)
    void aLoopKilledByAnErrorEndsItsTransfersTypedAndIsReplaced(LoopDriverKind driver) throws Exception {
        List<List<CurlEventLoop>> started = new CopyOnWriteArrayList<>();
        RequestObserver loopWatcher = new RequestObserver() {
            @Override
            public Recording start(CurlRequest request, ContextView context) {
                return (status, facts, error) -> {};
            }

            @Override
            public void loopsStarted(String client, List<CurlEventLoop> loops) {
                started.add(loops);
            }
        };
        String url = origin.url("/bytes/" + BODY);
        try (CurlClient client = CurlClient.builder()
                .loops(1)
                .loopDriver(driver)
                .observe(loopWatcher)
                .build()) {
            // Witnesses: slow bodies (1 KiB per 100 ms) whose heads have arrived, so they are surely in flight on
            // the loop when it dies. Without them the burst below can finish every other transfer first, and only
            // the throwing one (which gets its own error) would be left to see the loop end.
            CountDownLatch witnessesStarted = new CountDownLatch(WITNESSES);
            CompletableFuture<List<Object>> witnessed = Flux.range(0, WITNESSES)
                    .flatMap(i -> client.get(origin.url("/slow/" + BODY))
                            .doOnNext(response -> witnessesStarted.countDown())
                            .flatMap(response -> response.body().reduce(0L, (sum, chunk) -> sum + chunk.remaining()))
                            .<Object>map(bytes -> bytes)
                            .onErrorResume(e -> Mono.just(e)))
                    .collectList()
                    .toFuture();
            assertThat(witnessesStarted.await(20, TimeUnit.SECONDS))
                    .as("the witnesses' heads arrived")
                    .isTrue();

            List<Object> outcomes = Flux.range(0, 100)
                    .flatMap(
                            i -> client.get(url)
                                    .flatMap(response -> response.body()
                                            .doOnNext(chunk -> {
                                                if (i == 40) {
                                                    throw new InternalError("injected into a body consumer");
                                                }
                                            })
                                            .reduce(0L, (sum, chunk) -> sum + chunk.remaining()))
                                    .<Object>map(bytes -> bytes)
                                    .onErrorResume(e -> Mono.just(e)),
                            100)
                    .collectList()
                    .block(Duration.ofSeconds(30));

            assertThat(outcomes).as("every request ended").hasSize(100);
            List<Throwable> errors = outcomes.stream()
                    .filter(Throwable.class::isInstance)
                    .map(Throwable.class::cast)
                    .toList();
            // The throwing transfer ends with its own error; any other still on the loop ends typed.
            assertThat(errors).as("the throwing transfer failed").isNotEmpty();
            assertThat(errors)
                    .allSatisfy(
                            e -> assertThat(e).isInstanceOfAny(EventLoopClosedException.class, InternalError.class));
            assertThat(outcomes.stream().filter(Long.class::isInstance))
                    .allSatisfy(bytes -> assertThat(bytes).isEqualTo((long) BODY));
            assertThat(witnessed.get(20, TimeUnit.SECONDS))
                    .as("the witnesses ended with the loop, typed")
                    .hasSize(WITNESSES)
                    .allSatisfy(e -> assertThat((Throwable) e)
                            .isInstanceOf(EventLoopClosedException.class)
                            .hasMessageContaining("failed")
                            .hasCauseInstanceOf(InternalError.class));

            // The client keeps serving on a new loop, and its observers hear of it.
            List<Long> after = Flux.range(0, 20)
                    .flatMap(
                            i -> client.get(url)
                                    .flatMap(r -> r.body().reduce(0L, (sum, chunk) -> sum + chunk.remaining())),
                            10)
                    .collectList()
                    .block(Duration.ofSeconds(30));
            assertThat(after).hasSize(20).allSatisfy(bytes -> assertThat(bytes).isEqualTo((long) BODY));
            assertThat(started).hasSize(2);
            assertThat(started.get(1).get(0)).isNotSameAs(started.get(0).get(0));
            assertThat(started.get(1).get(0).name())
                    .isEqualTo(started.get(0).get(0).name());
            assertThat(client.inFlight()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(LoopDriverKind.class)
    void anyOtherErrorFailsOnlyItsOwnTransferAndTheLoopGoesOn(LoopDriverKind driver) {
        String url = origin.url("/bytes/" + BODY);
        try (CurlClient client =
                CurlClient.builder().loops(1).loopDriver(driver).build()) {
            List<Object> outcomes = Flux.range(0, 50)
                    .flatMap(
                            i -> client.get(url)
                                    .flatMap(response -> response.body()
                                            .doOnNext(chunk -> {
                                                if (i == 20) {
                                                    throw new AssertionError("a consumer's own assertion");
                                                }
                                            })
                                            .reduce(0L, (sum, chunk) -> sum + chunk.remaining()))
                                    .<Object>map(bytes -> bytes)
                                    .onErrorResume(e -> Mono.just(e)),
                            50)
                    .collectList()
                    .block(Duration.ofSeconds(30));
            assertThat(outcomes).hasSize(50);
            assertThat(outcomes.stream().filter(Throwable.class::isInstance).toList())
                    .singleElement()
                    .isInstanceOf(AssertionError.class);
            assertThat(client.get(url)
                            .flatMap(r -> r.body().reduce(0L, (sum, chunk) -> sum + chunk.remaining()))
                            .block(Duration.ofSeconds(10)))
                    .isEqualTo(BODY);
        }
    }
}
