package dev.curlmulti.spring.boot;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.ProxyConfig;
import dev.curlmulti.spring.CurlClientHttpConnector;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * Makes Spring Boot's {@code WebClient.Builder} use libcurl: registers a
 * {@link CurlClientHttpConnector} (configured by {@code curl.multi.*}) unless the application
 * defines its own {@link ClientHttpConnector}. Runs before Boot's own connector configuration
 * (Boot 3.5 and 4.0 names), whose customizer then hands this connector to every builder.
 */
@AutoConfiguration(beforeName = {
    "org.springframework.boot.autoconfigure.web.reactive.function.client.ClientHttpConnectorAutoConfiguration",
    "org.springframework.boot.autoconfigure.http.client.reactive.ClientHttpConnectorAutoConfiguration",
    "org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration",
    "org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration",
    "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration"
})
@ConditionalOnClass(name = "org.springframework.web.reactive.function.client.WebClient")
@ConditionalOnProperty(prefix = "curl.multi", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CurlMultiProperties.class)
public class CurlMultiAutoConfiguration {

    /** The connector; Spring closes it (and so its client) with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ClientHttpConnector.class)
    public CurlClientHttpConnector curlClientHttpConnector(CurlMultiProperties properties) {
        CurlClient.Builder builder = CurlClient.builder()
                .maxConnections(properties.getMaxConnections())
                .maxConnectionsPerHost(properties.getMaxConnectionsPerHost())
                .followRedirects(properties.getFollowRedirects())
                .compression(properties.isCompression())
                .maxResponseSize(properties.getMaxResponseSize())
                .useEnvironmentProxy(properties.isUseEnvironmentProxy());
        if (properties.getLoops() != null) {
            builder.loops(properties.getLoops());
        }
        if (properties.getConnectTimeout() != null) {
            builder.connectTimeout(properties.getConnectTimeout());
        }
        if (properties.getResponseTimeout() != null) {
            builder.responseTimeout(properties.getResponseTimeout());
        }
        if (properties.getTotalTimeout() != null) {
            builder.totalTimeout(properties.getTotalTimeout());
        }
        if (properties.getIdleTimeout() != null) {
            builder.idleTimeout(properties.getIdleTimeout());
        }
        if (properties.getProxy() != null && !properties.getProxy().isBlank()) {
            builder.proxy(ProxyConfig.of(properties.getProxy()));
        }
        if (properties.getUserAgent() != null) {
            builder.userAgent(properties.getUserAgent());
        }
        return new OwningConnector(builder.build());
    }

    /** A connector that disposes the client it was built with. */
    static final class OwningConnector extends CurlClientHttpConnector {
        OwningConnector(CurlClient client) {
            super(client);
        }

        @Override
        public void close() {
            client().dispose();
        }
    }
}
