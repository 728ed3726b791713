package dev.curlmulti.spring.boot.v4;

import dev.curlmulti.spring.boot.CurlClientVariants;
import dev.curlmulti.spring.boot.CurlMultiAutoConfiguration;
import dev.curlmulti.spring.boot.HttpClientBuilderCustomizers;
import dev.curlmulti.spring.boot.NoOtherHttpClientChosen;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot 4: contributes the libcurl {@link ClientHttpRequestFactoryBuilder} (RestClient,
 * RestTemplate) and {@link ClientHttpConnectorBuilder} (WebClient) beans that Boot's own
 * configurations then build every client from (HTTP service groups included), with the settings of
 * {@code spring.http.clients.*} (and {@code spring.http.serviceclient.<group>.*}) and the
 * application's builder customizers. A builder, connector or factory bean of the application's own
 * wins, as does an engine it picks with {@code spring.http.clients.imperative.factory} or
 * {@code spring.http.clients.reactive.connector}.
 */
@AutoConfiguration(after = CurlMultiAutoConfiguration.class, beforeName = {
    "org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
    "org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration",
    "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
    "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
    "org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration"
})
@ConditionalOnClass(name = "org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper")
@ConditionalOnBean(CurlClientVariants.class)
public class CurlBoot4AutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ClientHttpRequestFactoryBuilder.class)
    @ConditionalOnClass(name = "org.springframework.http.client.ClientHttpRequestFactory")
    @Conditional(NoOtherHttpClientChosen.Blocking.class)
    @SuppressWarnings({"unchecked", "rawtypes"})
    public ClientHttpRequestFactoryBuilder<?> curlClientHttpRequestFactoryBuilder(CurlClientVariants variants,
            ObjectProvider<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
        ClientHttpRequestFactoryBuilder<?> builder = new CurlClientHttpRequestFactoryBuilder(variants);
        return HttpClientBuilderCustomizers.apply(ClientHttpRequestFactoryBuilderCustomizer.class,
                customizers.orderedStream().toList(), builder,
                (customizer, current) -> ((ClientHttpRequestFactoryBuilderCustomizer) customizer).customize(current));
    }

    /** WebClient's side, when WebFlux is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.http.client.reactive.ClientHttpConnector",
        "org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer"})
    static class Reactive {
        @Bean
        @ConditionalOnMissingBean(ClientHttpConnectorBuilder.class)
        @Conditional(NoOtherHttpClientChosen.Reactive.class)
        @SuppressWarnings({"unchecked", "rawtypes"})
        ClientHttpConnectorBuilder<?> curlClientHttpConnectorBuilder(CurlClientVariants variants,
                ObjectProvider<ClientHttpConnectorBuilderCustomizer<?>> customizers) {
            ClientHttpConnectorBuilder<?> builder = new CurlClientHttpConnectorBuilder(variants);
            return HttpClientBuilderCustomizers.apply(ClientHttpConnectorBuilderCustomizer.class,
                    customizers.orderedStream().toList(), builder,
                    (customizer, current) -> ((ClientHttpConnectorBuilderCustomizer) customizer).customize(current));
        }
    }
}
