package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.scheduler.Schedulers;

/** A rate budget alone, with transfers that record their resumes: order, pace, and nothing left behind. */
@Timeout(30)
class RateBudgetTest {
    private static final int CHUNK = 16 * 1024;

    @Test
    void refusedChunksAreGrantedInTheOrderTheyWaitedAtTheBudgetsPace() throws Exception {
        // 160 KiB/s: the burst is its 16 KiB minimum, one chunk.
        RateBudget budget = new RateBudget(160 * 1024, Schedulers::parallel);
        BatchMeter meter = new BatchMeter(new AtomicLong(), List.of(budget));
        List<Integer> resumed = new CopyOnWriteArrayList<>();
        CountDownLatch allResumed = new CountDownLatch(9);
        List<Recording> transfers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            transfers.add(new Recording(i, resumed, allResumed));
        }

        long started = System.nanoTime();
        // A chunk bigger than the bucket passes and leaves a debt of a second's bytes, so the
        // chunks asked for right after it wait however slowly this thread runs.
        boolean firstPassed = meter.admit(transfers.get(0), 11 * CHUNK);
        List<Boolean> restPassed = new ArrayList<>();
        for (int i = 1; i < 10; i++) {
            restPassed.add(meter.admit(transfers.get(i), CHUNK));
        }
        assertThat(firstPassed).isTrue();
        assertThat(restPassed).containsOnly(false);
        assertThat(allResumed.await(20, TimeUnit.SECONDS)).isTrue();
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(resumed).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        // The debt (1 s) and nine chunks at ten a second: the last is granted no sooner than 1.8 s after the first.
        assertThat(seconds).isGreaterThanOrEqualTo(1.7).isLessThan(15);
        for (int i = 1; i < 10; i++) {
            assertThat(meter.admit(transfers.get(i), CHUNK))
                    .as("the granted chunk, offered again")
                    .isTrue();
        }
        assertThat(budget.waiting()).isZero();
        assertThat(budget.timerPending()).isFalse();
    }

    @Test
    void aClosedMeterLeavesNoWaitingChunkAndNoTimer() {
        RateBudget budget = new RateBudget(1024, Schedulers::parallel);
        BatchMeter meter = new BatchMeter(new AtomicLong(), List.of(budget));
        Recording first = new Recording(0, new ArrayList<>(), new CountDownLatch(1));
        Recording second = new Recording(1, new ArrayList<>(), new CountDownLatch(1));
        assertThat(meter.admit(first, 2 * CHUNK)).isTrue();
        assertThat(meter.admit(second, CHUNK)).isFalse();
        assertThat(budget.timerPending()).isTrue();

        meter.close();

        assertThat(budget.waiting()).isZero();
        assertThat(budget.timerPending()).isFalse();
        assertThat(meter.admit(second, CHUNK))
                .as("a closed meter pauses nothing")
                .isTrue();
    }

    @Test
    void aTicketWaitsAtEachBudgetInTurnAndItsTransferResumesOnlyOnceAllHaveLetItThrough() throws Exception {
        RateBudget host = new RateBudget(160 * 1024, Schedulers::parallel);
        RateBudget overall = new RateBudget(80 * 1024, Schedulers::parallel);
        BatchMeter meter = new BatchMeter(new AtomicLong(), List.of(host, overall));
        List<Integer> resumed = new CopyOnWriteArrayList<>();
        CountDownLatch granted = new CountDownLatch(1);
        Recording first = new Recording(0, resumed, new CountDownLatch(1));
        Recording second = new Recording(1, resumed, granted);

        long started = System.nanoTime();
        // Both budgets owe 160 KiB: the host pays it in 1 s, the batch in 2 s.
        boolean firstPassed = meter.admit(first, 11 * CHUNK);
        boolean secondPassed = meter.admit(second, CHUNK);
        assertThat(firstPassed).isTrue();
        assertThat(secondPassed).isFalse();
        assertThat(granted.await(20, TimeUnit.SECONDS)).isTrue();
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(seconds).as("granted by the host, then waited for the batch").isGreaterThanOrEqualTo(1.8);
        assertThat(resumed).containsExactly(1);
        assertThat(meter.admit(second, CHUNK)).isTrue();
        assertThat(host.waiting() + overall.waiting()).isZero();
    }

    /** A transfer that only records its resumes; done when asked. */
    private static final class Recording implements Transfer {
        private final int id;
        private final List<Integer> resumed;
        private final CountDownLatch latch;
        private final AtomicBoolean done = new AtomicBoolean();

        Recording(int id, List<Integer> resumed, CountDownLatch latch) {
            this.id = id;
            this.resumed = resumed;
            this.latch = latch;
        }

        @Override
        public void start() {}

        @Override
        public void cancel() {
            done.set(true);
        }

        @Override
        public void cancel(Throwable reason) {
            done.set(true);
        }

        @Override
        public void resume() {
            resumed.add(id);
            latch.countDown();
        }

        @Override
        public boolean isDone() {
            return done.get();
        }

        @Override
        public TransferProgress progress() {
            throw new UnsupportedOperationException();
        }
    }
}
