package dev.curlmulti.spring.boot;

import dev.curlmulti.reactor.CurlClient;

/**
 * Changes the builder of the auto-configured {@link CurlClient} before it is built, after
 * {@code curl.multi.*} was applied; every bean of this type runs, in {@code @Order}. The
 * auto-configuration uses it to add Micrometer meters and observations when the application has
 * a {@code MeterRegistry} or an {@code ObservationRegistry}.
 */
@FunctionalInterface
public interface CurlClientBuilderCustomizer {
    void customize(CurlClient.Builder builder);
}
