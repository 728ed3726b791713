package dev.curlmulti.reactor.micrometer;

import dev.curlmulti.core.loop.TransferResult;
import dev.curlmulti.reactor.CurlRequest;
import dev.curlmulti.reactor.RequestObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import reactor.util.context.ContextView;

/**
 * Micrometer Observation for a {@code CurlClient}: each request is an {@code http.client.requests}
 * observation ({@link CurlClientObservationConvention}), a child of the observation in the
 * subscriber's Reactor context (or the current one on the thread), and whatever the registry's
 * handlers put into the carrier (with Micrometer Tracing: {@code traceparent}) is sent as request
 * headers. {@code CurlClient.builder().observe(CurlClientObservations.of(registry))}.
 *
 * <p>Requests marked {@link CurlRequest#observedByCaller()} are left alone: Spring's WebClient and
 * RestClient record their own observation, and the curl-multi connectors mark their requests so
 * that there is one per exchange. A no-op registry costs nothing.
 *
 * <p><b>Threading:</b> immutable and thread-safe.
 */
public final class CurlClientObservations implements RequestObserver {
    /** The Reactor context key under which Micrometer keeps the current observation. */
    private static final String OBSERVATION_KEY = "micrometer.observation";

    private static final Recording NOTHING = (status, facts, error) -> {};

    private final ObservationRegistry registry;
    private final ObservationConvention<CurlClientObservationContext> convention;

    private CurlClientObservations(
            ObservationRegistry registry, ObservationConvention<CurlClientObservationContext> convention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
    }

    /** Observations in {@code registry} with the default convention. */
    public static CurlClientObservations of(ObservationRegistry registry) {
        return new CurlClientObservations(registry, null);
    }

    /** These observations with {@code custom} instead of the default convention (for example with a URI template). */
    public CurlClientObservations convention(ObservationConvention<CurlClientObservationContext> custom) {
        return new CurlClientObservations(registry, Objects.requireNonNull(custom, "custom"));
    }

    @Override
    public Recording start(CurlRequest request, ContextView context) {
        if (registry.isNoop() || request.observedByCaller()) {
            return NOTHING;
        }
        CurlClientObservationContext observationContext = new CurlClientObservationContext(request);
        Observation observation = Observation.createNotStarted(
                convention, new CurlClientObservationConvention(), () -> observationContext, registry);
        Object parent = context.getOrDefault(OBSERVATION_KEY, null);
        if (parent instanceof Observation parentObservation) {
            observation.parentObservation(parentObservation);
        }
        observation.start();
        CurlRequest withHeaders = observationContext.getCarrier().build();
        return new Recording() {
            @Override
            public CurlRequest request(CurlRequest started) {
                return withHeaders;
            }

            @Override
            public void end(int status, TransferResult facts, Throwable error) {
                observationContext.setResponse(status);
                if (error != null) {
                    observation.error(error);
                }
                observation.stop();
            }
        };
    }
}
