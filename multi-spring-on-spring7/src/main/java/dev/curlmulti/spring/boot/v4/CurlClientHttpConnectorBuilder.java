package dev.curlmulti.spring.boot.v4;

import dev.curlmulti.spring.CurlClientHttpConnector;
import dev.curlmulti.spring.boot.CurlClientVariants;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;

/**
 * Boot 4's {@link ClientHttpConnectorBuilder} for libcurl: each {@link #build} is a
 * {@link CurlClientHttpConnector} over the context's client for those settings (see
 * {@link CurlClientVariants}). Immutable; {@code withCustomizer} returns a new builder of this type.
 */
public final class CurlClientHttpConnectorBuilder implements ClientHttpConnectorBuilder<CurlClientHttpConnector> {
    private final CurlClientVariants variants;
    private final List<Consumer<CurlClientHttpConnector>> customizers;

    public CurlClientHttpConnectorBuilder(CurlClientVariants variants) {
        this(variants, List.of());
    }

    private CurlClientHttpConnectorBuilder(
            CurlClientVariants variants, List<Consumer<CurlClientHttpConnector>> customizers) {
        this.variants = variants;
        this.customizers = customizers;
    }

    @Override
    public CurlClientHttpConnector build(HttpClientSettings settings) {
        CurlClientHttpConnector connector = new CurlClientHttpConnector(
                settings == null
                        ? variants.forSettings(null, null, null, null)
                        : variants.forSettings(
                                settings.redirects(),
                                settings.connectTimeout(),
                                settings.readTimeout(),
                                settings.sslBundle()));
        customizers.forEach(customizer -> customizer.accept(connector));
        return connector;
    }

    @Override
    public CurlClientHttpConnectorBuilder withCustomizer(Consumer<CurlClientHttpConnector> customizer) {
        return withCustomizers(List.of(customizer));
    }

    @Override
    public CurlClientHttpConnectorBuilder withCustomizers(Collection<Consumer<CurlClientHttpConnector>> more) {
        List<Consumer<CurlClientHttpConnector>> all = new ArrayList<>(customizers);
        all.addAll(more);
        return new CurlClientHttpConnectorBuilder(variants, List.copyOf(all));
    }
}
