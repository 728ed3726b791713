package dev.curlmulti.reactor;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * The response {@code Mono}'s subscription: delivers the response once both it has arrived (on the
 * loop thread) and it was requested (any thread), whichever comes last; an error or a cancel ends
 * it. Exactly one terminal signal.
 */
final class ResponseSubscription implements Subscription {
    private static final int NOTHING = 0;
    private static final int REQUESTED = 1;
    private static final int HAS_VALUE = 2;
    private static final int DONE = 3;
    private static final AtomicIntegerFieldUpdater<ResponseSubscription> STATE =
            AtomicIntegerFieldUpdater.newUpdater(ResponseSubscription.class, "state");

    private final CoreSubscriber<? super CurlResponse> actual;
    private final Runnable onCancel;
    private volatile int state;
    private CurlResponse value;

    ResponseSubscription(CoreSubscriber<? super CurlResponse> actual, Runnable onCancel) {
        this.actual = actual;
        this.onCancel = onCancel;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            error(new IllegalArgumentException("§3.9: request(" + n + ") of a response"));
            onCancel.run();
            return;
        }
        while (true) {
            int s = state;
            if (s == HAS_VALUE) {
                if (STATE.compareAndSet(this, HAS_VALUE, DONE)) {
                    emit();
                }
                return;
            }
            if (s != NOTHING || STATE.compareAndSet(this, NOTHING, REQUESTED)) {
                return;
            }
        }
    }

    @Override
    public void cancel() {
        if (STATE.getAndSet(this, DONE) != DONE) {
            value = null;
            onCancel.run();
        }
    }

    /** The response arrived. False when nobody wants it any more (cancelled or ended). */
    boolean complete(CurlResponse response) {
        value = response;
        while (true) {
            int s = state;
            if (s == REQUESTED) {
                if (STATE.compareAndSet(this, REQUESTED, DONE)) {
                    emit();
                    return true;
                }
            } else if (s == NOTHING) {
                if (STATE.compareAndSet(this, NOTHING, HAS_VALUE)) {
                    return true;
                }
            } else {
                value = null;
                return false;
            }
        }
    }

    /** The transfer failed before the response arrived; ignored once the Mono has ended. */
    void error(Throwable error) {
        if (STATE.getAndSet(this, DONE) != DONE) {
            value = null;
            actual.onError(error);
        }
    }

    /** True once the Mono has ended (response delivered, error, or cancelled). */
    boolean isDone() {
        return state == DONE;
    }

    private void emit() {
        CurlResponse response = value;
        value = null;
        actual.onNext(response);
        actual.onComplete();
    }
}
