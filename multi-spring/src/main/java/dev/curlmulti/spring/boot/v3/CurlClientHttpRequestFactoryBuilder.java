package dev.curlmulti.spring.boot.v3;

import dev.curlmulti.spring.CurlClientHttpRequestFactory;
import dev.curlmulti.spring.boot.CurlClientVariants;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.http.client.HttpRedirects;

/**
 * Boot 3.5's {@link ClientHttpRequestFactoryBuilder} for libcurl: each {@link #build} is a
 * {@link CurlClientHttpRequestFactory} over the context's client for those settings (see
 * {@link CurlClientVariants}), so building often costs nothing and closing is not needed.
 * Immutable; {@code withCustomizer} returns a new builder of this type.
 */
public final class CurlClientHttpRequestFactoryBuilder
        implements ClientHttpRequestFactoryBuilder<CurlClientHttpRequestFactory> {
    private final CurlClientVariants variants;
    private final List<Consumer<CurlClientHttpRequestFactory>> customizers;

    public CurlClientHttpRequestFactoryBuilder(CurlClientVariants variants) {
        this(variants, List.of());
    }

    private CurlClientHttpRequestFactoryBuilder(
            CurlClientVariants variants, List<Consumer<CurlClientHttpRequestFactory>> customizers) {
        this.variants = variants;
        this.customizers = customizers;
    }

    @Override
    public CurlClientHttpRequestFactory build(ClientHttpRequestFactorySettings settings) {
        CurlClientHttpRequestFactory factory = new CurlClientHttpRequestFactory(
                settings == null
                        ? variants.forSettings(null, null, null, null)
                        : variants.forSettings(
                                HttpRedirects.valueOf(settings.redirects().name()),
                                settings.connectTimeout(),
                                settings.readTimeout(),
                                settings.sslBundle()));
        customizers.forEach(customizer -> customizer.accept(factory));
        return factory;
    }

    @Override
    public CurlClientHttpRequestFactoryBuilder withCustomizer(Consumer<CurlClientHttpRequestFactory> customizer) {
        return withCustomizers(List.of(customizer));
    }

    @Override
    public CurlClientHttpRequestFactoryBuilder withCustomizers(
            Collection<Consumer<CurlClientHttpRequestFactory>> more) {
        List<Consumer<CurlClientHttpRequestFactory>> all = new ArrayList<>(customizers);
        all.addAll(more);
        return new CurlClientHttpRequestFactoryBuilder(variants, List.copyOf(all));
    }
}
