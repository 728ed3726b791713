package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The batch's overall slots: handed out in order, given back on every ending, never lost to a cancel. */
class DownloadSlotsTest {
    @Test
    void workWaitsForASlotAndStartsInTheOrderItAsked() {
        DownloadSlots slots = new DownloadSlots(1);
        Sinks.One<String> first = Sinks.one();
        StringBuilder started = new StringBuilder();
        slots.run(first.asMono().doOnSubscribe(s -> started.append('a'))).subscribe();
        slots.run(Mono.fromRunnable(() -> started.append('b'))).subscribe();
        slots.run(Mono.fromRunnable(() -> started.append('c'))).subscribe();
        assertThat(started).hasToString("a");

        first.tryEmitValue("done");

        assertThat(started).hasToString("abc");
    }

    @Test
    void thousandsOfWorksEndingAtOnceDoNotNestOnTheStack() {
        DownloadSlots slots = new DownloadSlots(1);
        Sinks.One<String> first = Sinks.one();
        slots.run(first.asMono()).subscribe();
        AtomicInteger ended = new AtomicInteger();
        for (int i = 0; i < 20_000; i++) {
            slots.run(Mono.error(new IllegalStateException("refused")))
                    .subscribe(v -> {}, e -> ended.incrementAndGet());
        }

        first.tryEmitValue("done");

        assertThat(ended.get()).isEqualTo(20_000);
    }

    @Test
    void aCancelledWaitOrACancelledRunGivesItsSlotBack() {
        DownloadSlots slots = new DownloadSlots(1);
        Disposable holding = slots.run(Mono.never()).subscribe();
        Disposable waitingThenCancelled = slots.run(Mono.just("never runs")).subscribe();
        AtomicInteger ran = new AtomicInteger();
        slots.run(Mono.fromRunnable(ran::incrementAndGet)).subscribe();

        waitingThenCancelled.dispose();
        assertThat(ran.get()).isZero();
        holding.dispose();

        assertThat(ran.get()).isEqualTo(1);
        slots.run(Mono.fromRunnable(ran::incrementAndGet)).subscribe();
        assertThat(ran.get()).as("the slot came back after the run").isEqualTo(2);
    }

    @Test
    void aFailedRunGivesItsSlotBack() {
        DownloadSlots slots = new DownloadSlots(1);
        slots.run(Mono.error(new IllegalStateException("boom"))).subscribe(v -> {}, e -> {});
        AtomicInteger ran = new AtomicInteger();
        slots.run(Mono.fromRunnable(ran::incrementAndGet)).subscribe();
        assertThat(ran.get()).isEqualTo(1);
    }
}
