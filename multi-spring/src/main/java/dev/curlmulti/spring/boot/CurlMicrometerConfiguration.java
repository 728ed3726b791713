package dev.curlmulti.spring.boot;

import dev.curlmulti.reactor.micrometer.CurlClientMetrics;
import dev.curlmulti.reactor.micrometer.CurlClientObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer for the auto-configured client, when the application has it: the client's meters go
 * to the context's {@code MeterRegistry} (so Actuator's {@code /actuator/metrics} lists them), and
 * requests made with the client directly become observations in its {@code ObservationRegistry}.
 * Requests from WebClient, RestClient and RestTemplate are observed by those clients themselves,
 * once each. Imported by {@link CurlMultiAutoConfiguration}; loaded only when Micrometer is there.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
class CurlMicrometerConfiguration {

    @Bean
    CurlClientBuilderCustomizer curlClientMetrics(ObjectProvider<MeterRegistry> registries) {
        return builder -> registries.ifAvailable(registry -> builder.observe(CurlClientMetrics.of(registry)));
    }

    @Bean
    CurlClientBuilderCustomizer curlClientObservations(ObjectProvider<ObservationRegistry> registries) {
        return builder -> registries.ifAvailable(registry -> builder.observe(CurlClientObservations.of(registry)));
    }
}
