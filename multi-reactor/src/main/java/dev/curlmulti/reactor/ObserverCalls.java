package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.TransferResult;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.util.context.ContextView;

/**
 * Calls into {@link RequestObserver}s for one request, keeping their failures away from the
 * transfer: an observer that throws is logged and the request goes on.
 */
final class ObserverCalls {
    private static final Logger LOG = LoggerFactory.getLogger(RequestObserver.class);

    private final RequestObserver.Recording[] recordings;
    private final CurlRequest request;

    private ObserverCalls(RequestObserver.Recording[] recordings, CurlRequest request) {
        this.recordings = recordings;
        this.request = request;
    }

    /** Starts every observer on {@code request} in order; null when there are none. */
    static ObserverCalls start(List<RequestObserver> observers, CurlRequest request, ContextView context) {
        if (observers.isEmpty()) {
            return null;
        }
        RequestObserver.Recording[] recordings = new RequestObserver.Recording[observers.size()];
        CurlRequest current = request;
        for (int i = 0; i < recordings.length; i++) {
            try {
                recordings[i] = observers.get(i).start(current, context);
                current = recordings[i].request(current);
            } catch (RuntimeException e) {
                LOG.warn("request observer {} failed to start; it is left out of this request", observers.get(i), e);
                recordings[i] = null;
            }
        }
        return new ObserverCalls(recordings, current);
    }

    /** The request to send (with whatever headers the observers added). */
    CurlRequest request() {
        return request;
    }

    /** The request ended; each observer hears it once. */
    void end(int status, TransferResult facts, Throwable error) {
        for (RequestObserver.Recording recording : recordings) {
            if (recording == null) {
                continue;
            }
            try { // not safely(...): no capturing lambda per request on the loop thread
                recording.end(status, facts, error);
            } catch (RuntimeException e) {
                LOG.warn("request observer failed", e);
            }
        }
    }

    static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("request observer failed", e);
        }
    }
}
