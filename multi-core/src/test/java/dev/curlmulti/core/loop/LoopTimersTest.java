package dev.curlmulti.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The loop's own timers: on time, on the loop thread, in order, and gone once cancelled. */
@ParameterizedClass
@EnumSource(LoopDriverKind.class)
@Timeout(30)
class LoopTimersTest {
    private final CurlEventLoop loop;

    LoopTimersTest(LoopDriverKind driver) {
        loop = new CurlEventLoop("timers", LoopConfig.DEFAULT.withDriver(driver));
    }

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aTimerRunsOnTheLoopThreadAfterItsDelayNotBefore() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        long start = System.nanoTime();
        long[] ranAfter = new long[1];
        loop.schedule(
                () -> {
                    ranAfter[0] = System.nanoTime() - start;
                    thread.set(Thread.currentThread());
                    ran.countDown();
                },
                200,
                TimeUnit.MILLISECONDS);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(ranAfter[0])).isBetween(195L, 700L);
        assertThat(thread.get().getName()).isEqualTo("timers");
    }

    @Test
    void timersRunInDeadlineOrderWhateverOrderTheyWereScheduledIn() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(5);
        for (int delay : new int[] {250, 50, 200, 100, 150}) {
            loop.schedule(
                    () -> {
                        order.add(delay);
                        all.countDown();
                    },
                    delay,
                    TimeUnit.MILLISECONDS);
        }
        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly(50, 100, 150, 200, 250);
    }

    @Test
    void aCancelledTimerNeverRunsWhereverItWasCancelledFrom() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        LoopTimer fromHere = loop.schedule(ran::incrementAndGet, 100, TimeUnit.MILLISECONDS);
        fromHere.cancel();
        CountDownLatch cancelledOnLoop = new CountDownLatch(1);
        loop.execute(() -> {
            loop.schedule(ran::incrementAndGet, 100, TimeUnit.MILLISECONDS).cancel();
            cancelledOnLoop.countDown();
        });
        assertThat(cancelledOnLoop.await(5, TimeUnit.SECONDS)).isTrue();
        CountDownLatch later = new CountDownLatch(1);
        loop.schedule(later::countDown, 300, TimeUnit.MILLISECONDS);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get()).isZero();
    }

    @Test
    void timersArmedAndCancelledOnTheLoopLeaveNothingBehind() {
        TimerQueue queue = new TimerQueue();
        queue.ownedBy(Thread.currentThread());
        List<TimerQueue.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            entries.add(queue.add(System.nanoTime() + (i % 97) * 1_000_000L, () -> {}));
        }
        for (int i = 0; i < entries.size(); i += 2) {
            entries.get(i).cancel();
        }
        assertThat(queue.size()).isEqualTo(5_000);
        long last = Long.MIN_VALUE;
        TimerQueue.Entry due;
        int taken = 0;
        while ((due = queue.pollDue(System.nanoTime() + 1_000_000_000L)) != null) {
            assertThat(due.deadline).isGreaterThanOrEqualTo(last);
            last = due.deadline;
            taken++;
        }
        assertThat(taken).isEqualTo(5_000);
        assertThat(queue.size()).isZero();
    }
}
