package dev.curlmulti.spring.boot;

import java.util.List;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless the application picked an HTTP client engine through Boot's own selector property
 * (those take only Boot's engine names, so setting one is a choice against libcurl). Boot 3.5 and
 * Boot 4 names alike.
 */
public abstract class NoOtherHttpClientChosen implements Condition {
    private final List<String> selectors;

    NoOtherHttpClientChosen(List<String> selectors) {
        this.selectors = selectors;
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return selectors.stream().noneMatch(context.getEnvironment()::containsProperty);
    }

    /** No {@code ClientHttpRequestFactory} chosen (RestClient, RestTemplate). */
    public static final class Blocking extends NoOtherHttpClientChosen {
        public Blocking() {
            super(List.of("spring.http.client.factory", "spring.http.clients.imperative.factory"));
        }
    }

    /** No {@code ClientHttpConnector} chosen (WebClient). */
    public static final class Reactive extends NoOtherHttpClientChosen {
        public Reactive() {
            super(List.of("spring.http.reactiveclient.connector", "spring.http.clients.reactive.connector"));
        }
    }
}
