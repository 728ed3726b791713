package dev.curlmulti.samples.soak;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Transfers started from many threads, each with a random fate: read to the end, cancelled
 * before or during the body, or paused (no demand) and resumed from another thread; and now and
 * then a whole client disposed under its running transfers and replaced. The subscribers are raw
 * Reactive Streams subscribers (no operator in between that would hide a second terminal signal).
 *
 * <p>Checked: every subscriber we did not cancel gets exactly one terminal signal and none gets
 * two or a signal after its terminal; the only errors are the ones a disposed client gives; and
 * when all clients are disposed, no native object or callback id is alive. A JVM crash cannot be
 * checked from inside: {@code bin/soak} looks for an {@code hs_err} file after the run.
 */
final class CancelStorm {
    /** Errors a transfer may end with when its client is disposed under it or just before. */
    private static final List<String> CLOSE_ERRORS = List.of("EventLoopClosedException", "IllegalStateException");

    private static final int IN_FLIGHT = 256;

    enum Fate {
        READ_ALL,
        CANCEL_BEFORE_OR_AT_HEAD,
        CANCEL_MID_BODY,
        PAUSE_AND_RESUME
    }

    record Result(
            int transfers, Map<String, Long> outcomes, long clientCloses, double seconds, List<String> problems) {}

    private final List<String> urls;
    private final AtomicReferenceArray<CurlClient> clients;
    private final ScheduledExecutorService actions = Executors.newScheduledThreadPool(4, daemon("storm-action"));
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong clientCloses = new AtomicLong();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final java.util.Set<Transfer> running = ConcurrentHashMap.newKeySet();

    private CancelStorm(List<String> urls, int clientCount) {
        this.urls = urls;
        clients = new AtomicReferenceArray<>(clientCount);
        for (int i = 0; i < clientCount; i++) {
            clients.set(i, CurlClient.create());
        }
    }

    /**
     * Runs {@code transfers} transfers over {@code urls} from {@code threads} threads with
     * {@code clientCount} clients, disposing one client every {@code closeEvery} transfers.
     */
    static Result run(
            List<String> urls, int transfers, int threads, int clientCount, int closeEvery, long seed, PrintStream out)
            throws InterruptedException {
        CancelStorm storm = new CancelStorm(urls, clientCount);
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(threads, daemon("storm-worker"));
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            long workerSeed = seed + t;
            workers.execute(() -> storm.work(next, transfers, closeEvery, new SplittableRandom(workerSeed)));
        }
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.MINUTES)) {
            problems.add("workers did not finish starting transfers in 30 minutes");
        }
        if (!storm.inFlight.tryAcquire(IN_FLIGHT, 120, TimeUnit.SECONDS)) {
            problems.add(
                    storm.unfinished.get() + " transfers never ended (no terminal signal 120 s after the last start)");
            storm.running.stream().limit(10).forEach(t -> problems.add("  unended: " + t.describe()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < clientCount; i++) {
            storm.clients.get(i).dispose();
        }
        storm.actions.shutdownNow();
        problems.addAll(storm.violations.subList(0, Math.min(10, storm.violations.size())));
        if (storm.violations.size() > 10) {
            problems.add((storm.violations.size() - 10) + " more violations");
        }
        Map<String, Long> outcomes = new TreeMap<>();
        storm.outcomes.forEach((k, v) -> outcomes.put(k, v.sum()));
        outcomes.forEach((outcome, count) -> {
            if (outcome.startsWith("error ") && CLOSE_ERRORS.stream().noneMatch(outcome::contains)) {
                problems.add(count + " transfers ended with an unexpected " + outcome);
            }
        });
        if (!SoakMeter.awaitWithGc(SoakMeter::nothingLive, 15_000)) {
            SoakMeter after = SoakMeter.take(transfers);
            problems.add("after dispose: " + after.liveNative() + " native objects and " + after.callbackIds()
                    + " callback ids alive");
        }
        return new Result(transfers, outcomes, storm.clientCloses.get(), seconds, problems);
    }

    private void work(AtomicInteger next, int transfers, int closeEvery, SplittableRandom random) {
        int index;
        while ((index = next.getAndIncrement()) < transfers) {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (closeEvery > 0 && index % closeEvery == closeEvery - 1) {
                int slot = random.nextInt(clients.length());
                CurlClient old = clients.getAndSet(slot, CurlClient.create());
                old.dispose();
                clientCloses.incrementAndGet();
            }
            Fate fate = Fate.values()[random.nextInt(Fate.values().length)];
            String url = urls.get(random.nextInt(urls.size()));
            unfinished.incrementAndGet();
            CurlClient client = clients.get(random.nextInt(clients.length()));
            Transfer transfer = new Transfer(fate, random.nextInt(1, 200_000), client, url);
            running.add(transfer);
            client.get(url).subscribe(transfer);
        }
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    /** One transfer: subscribes to the response Mono, then to the body, counting every signal. */
    private final class Transfer implements Subscriber<CurlResponse> {
        private final Fate fate;
        private final int cancelAfterBytes;
        private final AtomicInteger responseTerminals = new AtomicInteger();
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile boolean cancelledByUs;
        private volatile Subscription response;
        private volatile Body body;

        private final CurlClient client;
        private final String url;

        Transfer(Fate fate, int cancelAfterBytes, CurlClient client, String url) {
            this.fate = fate;
            this.cancelAfterBytes = cancelAfterBytes;
            this.client = client;
            this.url = url;
        }

        /** What a transfer that never ended had seen, for the report. */
        String describe() {
            Body current = body;
            return fate + " " + url + ", client disposed " + client.isDisposed() + ", response terminals "
                    + responseTerminals.get() + ", cancelled by us " + cancelledByUs
                    + (current == null
                            ? ", no body subscriber"
                            : ", body bytes " + current.bytes + ", body terminals " + current.terminals.get());
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            response = subscription;
            subscription.request(1);
            if (fate == Fate.CANCEL_BEFORE_OR_AT_HEAD) {
                actions.schedule(this::cancelByUs, ThreadLocalRandom.current().nextInt(0, 2000), TimeUnit.MICROSECONDS);
            }
        }

        @Override
        public void onNext(CurlResponse value) {
            if (responseTerminals.get() > 0) {
                violations.add("a response after the Mono's terminal signal");
            }
            Body subscriber = new Body(this);
            body = subscriber;
            value.body().subscribe(subscriber);
        }

        @Override
        public void onError(Throwable error) {
            if (responseTerminals.incrementAndGet() > 1) {
                violations.add("a second terminal signal on a response Mono: " + error);
            }
            finish("error " + error.getClass().getSimpleName());
        }

        @Override
        public void onComplete() {
            if (responseTerminals.incrementAndGet() > 1) {
                violations.add("a second terminal signal on a response Mono (complete)");
            }
            if (body == null) {
                if (!cancelledByUs) {
                    violations.add("the response Mono completed empty");
                }
                finish("cancelled");
            }
        }

        void cancelByUs() {
            cancelledByUs = true;
            Body current = body;
            if (current != null) {
                current.cancel();
            }
            response.cancel();
            finish("cancelled");
        }

        /**
         * Counts the transfer's outcome and returns its in-flight slot, once: whichever of
         * cancel and terminal signal comes first decides the outcome.
         */
        void finish(String outcome) {
            if (finished.compareAndSet(false, true)) {
                running.remove(this);
                count(outcome);
                unfinished.decrementAndGet();
                inFlight.release();
            }
        }
    }

    /** The body subscriber: one chunk of demand at a time, so a pause is simply withheld demand. */
    private final class Body implements Subscriber<ByteBuffer> {
        private final Transfer transfer;
        private final AtomicInteger terminals = new AtomicInteger();
        private volatile Subscription subscription;
        private volatile long bytes;
        private boolean cancelScheduled;

        Body(Transfer transfer) {
            this.transfer = transfer;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            if (transfer.cancelledByUs) {
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(ByteBuffer chunk) {
            if (terminals.get() > 0) {
                violations.add("a body chunk after the body's terminal signal");
            }
            bytes += chunk.remaining();
            if (transfer.fate == Fate.CANCEL_MID_BODY && !cancelScheduled && bytes >= transfer.cancelAfterBytes) {
                cancelScheduled = true;
                actions.execute(transfer::cancelByUs);
                subscription.request(1);
            } else if (transfer.fate == Fate.PAUSE_AND_RESUME
                    && ThreadLocalRandom.current().nextInt(4) == 0) {
                // No demand for a while: the transfer pauses; demand from another thread resumes it.
                actions.schedule(
                        () -> subscription.request(1),
                        ThreadLocalRandom.current().nextInt(1, 10),
                        TimeUnit.MILLISECONDS);
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (terminals.incrementAndGet() > 1) {
                violations.add("a second terminal signal on a body: " + error);
            }
            transfer.finish("error " + error.getClass().getSimpleName());
        }

        @Override
        public void onComplete() {
            if (terminals.incrementAndGet() > 1) {
                violations.add("a second terminal signal on a body (complete)");
            }
            transfer.finish(
                    transfer.fate == Fate.PAUSE_AND_RESUME ? "read to the end after pauses" : "read to the end");
        }

        void cancel() {
            Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
