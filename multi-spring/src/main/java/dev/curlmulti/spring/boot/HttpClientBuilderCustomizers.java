package dev.curlmulti.spring.boot;

import java.util.List;
import java.util.function.BiFunction;
import org.springframework.boot.util.LambdaSafe;

/**
 * Applies the application's builder customizer beans to a libcurl builder, as Boot's own HTTP
 * client configurations do for theirs (only customizers whose generic type accepts the builder
 * run, in order; each returns the builder the next one gets). Boot runs its customizers only on the
 * builders it makes itself, so a configuration contributing a builder runs them here.
 */
public final class HttpClientBuilderCustomizers {
    private HttpClientBuilderCustomizers() {}

    /**
     * @param type      the customizer interface (Boot 3.5 and 4 each have their own)
     * @param customize calls one customizer on a builder, returning the builder it gives back
     */
    @SuppressWarnings("unchecked")
    public static <C, B> B apply(
            Class<C> type, List<? extends C> customizers, B builder, BiFunction<C, B, B> customize) {
        Object[] current = {builder};
        LambdaSafe.callbacks(type, customizers, builder)
                .invoke(customizer -> current[0] = customize.apply(customizer, (B) current[0]));
        return (B) current[0];
    }
}
