package dev.curlmulti.spring.boot.v3;

import dev.curlmulti.spring.boot.CurlClientVariants;
import dev.curlmulti.spring.boot.CurlMultiAutoConfiguration;
import dev.curlmulti.spring.boot.HttpClientBuilderCustomizers;
import dev.curlmulti.spring.boot.NoOtherHttpClientChosen;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.http.client.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.autoconfigure.http.client.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * Spring Boot 3.5: contributes the libcurl {@link ClientHttpRequestFactoryBuilder} (RestClient,
 * RestTemplate) and {@link ClientHttpConnectorBuilder} (WebClient) beans that Boot's own
 * configurations then build every client from, with the settings of {@code spring.http.client.*}
 * and {@code spring.http.reactiveclient.*} and the application's builder customizers. A builder,
 * connector or factory bean of the application's own wins (Boot's builders then use that
 * connector or factory as it is), as does an engine it picks with
 * {@code spring.http.client.factory} or {@code spring.http.reactiveclient.connector}.
 */
@AutoConfiguration(
        after = CurlMultiAutoConfiguration.class,
        beforeName = {
            "org.springframework.boot.autoconfigure.http.client.HttpClientAutoConfiguration",
            "org.springframework.boot.autoconfigure.http.client.reactive.ClientHttpConnectorAutoConfiguration",
            "org.springframework.boot.autoconfigure.web.reactive.function.client.ClientHttpConnectorAutoConfiguration",
            "org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration",
            "org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration",
            "org.springframework.boot.autoconfigure.web.client.RestTemplateAutoConfiguration"
        })
@ConditionalOnClass(name = "org.springframework.boot.http.client.ClientHttpRequestFactorySettings")
@ConditionalOnBean(CurlClientVariants.class)
public class CurlBoot3AutoConfiguration {

    /**
     * RestClient's and RestTemplate's side. A {@code ClientHttpRequestFactory} bean of the
     * application's own replaces libcurl here: Boot's builders get it instead of a libcurl factory.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.http.client.ClientHttpRequestFactory")
    static class Blocking {
        @Bean
        @ConditionalOnMissingBean({ClientHttpRequestFactoryBuilder.class, ClientHttpRequestFactory.class})
        @Conditional(NoOtherHttpClientChosen.Blocking.class)
        @SuppressWarnings({"unchecked", "rawtypes"})
        ClientHttpRequestFactoryBuilder<?> curlClientHttpRequestFactoryBuilder(
                CurlClientVariants variants, ObjectProvider<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
            ClientHttpRequestFactoryBuilder<?> builder = new CurlClientHttpRequestFactoryBuilder(variants);
            return HttpClientBuilderCustomizers.apply(
                    ClientHttpRequestFactoryBuilderCustomizer.class,
                    customizers.orderedStream().toList(),
                    builder,
                    (customizer, current) ->
                            ((ClientHttpRequestFactoryBuilderCustomizer) customizer).customize(current));
        }

        /**
         * The application's own {@link ClientHttpRequestFactory} bean, as the builder Boot's
         * {@code RestClient.Builder} and {@code RestTemplateBuilder} build from (Boot itself only ever
         * builds from a {@link ClientHttpRequestFactoryBuilder}, so without this the bean would be ignored).
         * The factory is handed out as the application made it: Boot's timeout and redirect settings and
         * builder customizer beans are not applied to it. An SSL bundle (RestClientSsl's, a service
         * group's) cannot be ignored safely, so asking for one fails rather than sending without it.
         */
        @Bean
        @ConditionalOnMissingBean(ClientHttpRequestFactoryBuilder.class)
        @ConditionalOnSingleCandidate(ClientHttpRequestFactory.class)
        @Conditional(NoOtherHttpClientChosen.Blocking.class)
        ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> applicationClientHttpRequestFactoryBuilder(
                ClientHttpRequestFactory factory) {
            return settings -> {
                if (settings != null && settings.sslBundle() != null) {
                    throw new IllegalStateException("The application's ClientHttpRequestFactory bean (" + factory
                            + ") is used as it is and cannot take an SSL bundle: configure TLS on it, or define a "
                            + "ClientHttpRequestFactoryBuilder bean instead");
                }
                return factory;
            };
        }
    }

    /** WebClient's side, when WebFlux is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.http.client.reactive.ClientHttpConnector",
                "org.springframework.boot.http.client.reactive.ClientHttpConnectorSettings"
            })
    static class Reactive {
        // Boot's WebClient.Builder takes a connector bean of the application's own (Boot's customizer sets
        // it); the libcurl builder steps aside for it too, as for a request factory bean.
        @Bean
        @ConditionalOnMissingBean({ClientHttpConnectorBuilder.class, ClientHttpConnector.class})
        @Conditional(NoOtherHttpClientChosen.Reactive.class)
        @SuppressWarnings({"unchecked", "rawtypes"})
        ClientHttpConnectorBuilder<?> curlClientHttpConnectorBuilder(
                CurlClientVariants variants, ObjectProvider<ClientHttpConnectorBuilderCustomizer<?>> customizers) {
            ClientHttpConnectorBuilder<?> builder = new CurlClientHttpConnectorBuilder(variants);
            return HttpClientBuilderCustomizers.apply(
                    ClientHttpConnectorBuilderCustomizer.class,
                    customizers.orderedStream().toList(),
                    builder,
                    (customizer, current) -> ((ClientHttpConnectorBuilderCustomizer) customizer).customize(current));
        }
    }
}
