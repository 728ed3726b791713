package dev.curlmulti.spring.boot;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.spring.CurlWebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

/**
 * Makes Spring Boot's HTTP clients use libcurl: a {@link CurlClient} bean (configured by
 * {@code curl.multi.*} and {@link CurlClientBuilderCustomizer} beans, with Micrometer meters and
 * observations when the application has them; unless it defines its own), the
 * {@link CurlClientVariants} Boot's settings select from, and with WebFlux a {@link CurlWebSocketClient}
 * on that client (unless the application has a WebSocketClient). The builders Boot asks for come
 * from the generation-specific configurations ({@code dev.curlmulti.spring.boot.v3} in this
 * artifact for Boot 3.5, {@code dev.curlmulti.spring.boot.v4} in {@code multi-spring-on-spring7}
 * for Boot 4). Runs before
 * Boot's HTTP client, WebClient, RestClient and RestTemplate configurations (3.5 and 4.0 names).
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.autoconfigure.http.client.HttpClientAutoConfiguration",
            "org.springframework.boot.autoconfigure.http.client.reactive.ClientHttpConnectorAutoConfiguration",
            "org.springframework.boot.autoconfigure.web.reactive.function.client.ClientHttpConnectorAutoConfiguration",
            "org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration",
            "org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration",
            "org.springframework.boot.autoconfigure.web.client.RestTemplateAutoConfiguration",
            "org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
            "org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration",
            "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
            "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
            "org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration"
        })
@ConditionalOnClass(name = "org.springframework.boot.http.client.HttpRedirects")
@ConditionalOnProperty(prefix = "curl.multi", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CurlMultiProperties.class)
@Import(CurlMicrometerConfiguration.class)
public class CurlMultiAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(CurlMultiAutoConfiguration.class);

    /** The client; Spring disposes it with the context ({@code close()}). */
    @Bean
    @ConditionalOnMissingBean
    public CurlClient curlClient(
            CurlMultiProperties properties, ObjectProvider<CurlClientBuilderCustomizer> customizers) {
        CurlClient.Builder builder = CurlClient.builder();
        PropertySettings.applyTo(properties, builder);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** The client's variants for Boot's settings; Spring closes them with the context. */
    @Bean
    @ConditionalOnMissingBean
    public CurlClientVariants curlClientVariants(CurlClient curlClient, CurlMultiProperties properties) {
        if (ClassUtils.isPresent(
                        "org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper", null)
                && !ClassUtils.isPresent("dev.curlmulti.spring.boot.v4.CurlBoot4AutoConfiguration", null)) {
            LOG.warn("Spring Boot 4 found without dev.curlmulti:multi-spring-on-spring7: WebClient, RestClient and "
                    + "RestTemplate keep Boot's own HTTP clients. Add that dependency to run them on libcurl.");
        }
        return new CurlClientVariants(curlClient, properties.getMaxRedirects());
    }

    /**
     * WebFlux's {@code WebSocketClient} on the same client, unless the application defines a
     * WebSocketClient of its own. Made on any libcurl; on one older than 8.14 its sessions fail
     * with an {@link UnsupportedOperationException} that says what to install.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.web.reactive.socket.client.WebSocketClient")
    static class WebSocketClientConfiguration {
        @Bean
        @ConditionalOnMissingBean(type = "org.springframework.web.reactive.socket.client.WebSocketClient")
        CurlWebSocketClient curlWebSocketClient(CurlClient curlClient) {
            return new CurlWebSocketClient(curlClient);
        }
    }
}
