package dev.curlmulti.reactor.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code http.client.requests} convention for {@link CurlClientObservations}, with the key
 * names Spring's own HTTP client observations use: low cardinality {@code method}, {@code uri}
 * ({@code none} unless a template function is given), {@code status} ({@code CLIENT_ERROR} when no
 * response arrived), {@code outcome}, {@code client.name} (the host), {@code exception}; high
 * cardinality {@code http.url}. Subclass or replace it to change names or keys.
 */
public class CurlClientObservationConvention implements ObservationConvention<CurlClientObservationContext> {
    private final Function<String, String> uriTemplate;

    /** The convention with {@code uri} always {@code none}. */
    public CurlClientObservationConvention() {
        this(null);
    }

    /** The convention with {@code uriTemplate} giving the {@code uri} key (a few distinct values). */
    public CurlClientObservationConvention(Function<String, String> uriTemplate) {
        this.uriTemplate = uriTemplate;
    }

    @Override
    public String getName() {
        return "http.client.requests";
    }

    @Override
    public String getContextualName(CurlClientObservationContext context) {
        return "http " + context.request().method().toLowerCase(Locale.ROOT);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(CurlClientObservationContext context) {
        int status = context.status();
        Throwable error = context.getError();
        return KeyValues.of(
                KeyValue.of("method", context.request().method()),
                KeyValue.of(
                        "uri",
                        uriTemplate == null
                                ? "none"
                                : String.valueOf(
                                        uriTemplate.apply(context.request().uri()))),
                KeyValue.of("status", status > 0 ? Integer.toString(status) : "CLIENT_ERROR"),
                KeyValue.of("outcome", Outcome.forStatus(status).name()),
                KeyValue.of("client.name", context.request().host()),
                KeyValue.of(
                        "exception", error == null ? "none" : error.getClass().getSimpleName()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(CurlClientObservationContext context) {
        return KeyValues.of(KeyValue.of("http.url", context.request().uri()));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof CurlClientObservationContext;
    }
}
