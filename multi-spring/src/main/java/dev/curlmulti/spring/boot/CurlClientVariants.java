package dev.curlmulti.spring.boot;

import dev.curlmulti.reactor.CurlClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;

/**
 * The Spring context's libcurl client and its variants for Spring Boot's HTTP client settings.
 * Boot builds a connector or request factory many times (each {@code RestClient.Builder}, each
 * {@code RestTemplateBuilder.build()}, each SSL bundle, each HTTP service group) and never closes
 * most of them, so each is a cheap view over a client held here: one variant per distinct
 * settings (timeouts, redirects, SSL bundle), made once by {@link CurlClient#mutate()} (sharing the
 * base client's loop threads) and disposed with the context.
 *
 * <p>Boot's settings map to libcurl as Boot maps them for Reactor Netty: {@code connect-timeout}
 * is the time to connect (TLS included); {@code read-timeout} is the longest gap with no bytes
 * received or sent (the client's idle timeout); {@code redirects} {@code follow-when-possible} and
 * {@code follow} follow up to {@code curl.multi.max-redirects}, {@code dont-follow} returns the
 * redirect; an {@code ssl.bundle}'s trust, key, protocols and ciphers go to libcurl from memory.
 *
 * <p><b>Threading:</b> thread-safe. <b>Ownership:</b> owns the variants; the base client belongs to
 * whoever made it (the auto-configuration's own bean is disposed by Spring).
 */
public final class CurlClientVariants implements AutoCloseable {
    /** One variant's settings; a null redirects value is Boot's default, follow when possible. */
    private record Settings(
            HttpRedirects redirects, Duration connectTimeout, Duration readTimeout, SslBundle sslBundle) {}

    private final CurlClient base;
    private final int maxRedirects;
    private final Map<Settings, CurlClient> variants = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Variants of {@code base}; {@code maxRedirects} bounds the redirects a following variant takes. */
    public CurlClientVariants(CurlClient base, int maxRedirects) {
        this.base = Objects.requireNonNull(base, "base");
        if (maxRedirects < 1) {
            throw new IllegalArgumentException("curl.multi.max-redirects must be at least 1: " + maxRedirects);
        }
        this.maxRedirects = maxRedirects;
    }

    /** The client for these settings (any may be null: Boot left it unset). */
    public CurlClient forSettings(
            HttpRedirects redirects, Duration connectTimeout, Duration readTimeout, SslBundle sslBundle) {
        if (closed) {
            throw new IllegalStateException("the Spring context's libcurl clients are closed");
        }
        Settings settings = new Settings(
                redirects == null ? HttpRedirects.FOLLOW_WHEN_POSSIBLE : redirects,
                connectTimeout,
                readTimeout,
                sslBundle);
        return variants.computeIfAbsent(settings, this::build);
    }

    /** The client every variant is made from. */
    public CurlClient base() {
        return base;
    }

    private CurlClient build(Settings settings) {
        CurlClient.Builder builder =
                base.mutate().followRedirects(settings.redirects() == HttpRedirects.DONT_FOLLOW ? 0 : maxRedirects);
        if (settings.connectTimeout() != null) {
            builder.connectTimeout(settings.connectTimeout());
        }
        if (settings.readTimeout() != null) {
            builder.idleTimeout(settings.readTimeout());
        }
        if (settings.sslBundle() != null) {
            builder.tls(tls -> SslBundleTls.apply(tls, settings.sslBundle()));
        }
        return builder.build();
    }

    /** Disposes every variant (transfers still running on them end). */
    @Override
    public void close() {
        closed = true;
        variants.values().forEach(CurlClient::dispose);
        variants.clear();
    }
}
