package dev.curlmulti.spring.boot;

import dev.curlmulti.reactor.ClientSetting;
import dev.curlmulti.reactor.ClientSettings;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.ProxyConfig;
import java.util.List;
import java.util.function.Function;

/**
 * Which {@code curl.multi.*} property sets which client setting. Each property is named after its
 * {@link ClientSetting} (in kebab case) and its value goes through {@link CurlClient.Builder#set}, so
 * the setting's own definition checks it, exactly as the client builder's method for it would: a bad
 * value fails the context with the same exception. {@code max-redirects} is not here: Boot's
 * {@code redirects} setting decides per variant whether it applies ({@link CurlClientVariants}).
 * Stateless and thread-safe.
 */
final class PropertySettings {
    /**
     * One property: {@code read} gives its value in the setting's type, or null when the property keeps
     * the client's default (unset, or a value the property documents as "none").
     */
    record Binding<T>(ClientSetting<T> setting, Function<CurlMultiProperties, T> read) {
        /** The property's name under {@code curl.multi}. */
        String property() {
            return kebab(setting.name());
        }

        void applyTo(CurlMultiProperties properties, CurlClient.Builder builder) {
            T value = read.apply(properties);
            if (value != null) {
                builder.set(setting, value);
            }
        }
    }

    /** Every property that sets a client setting. */
    static final List<Binding<?>> BINDINGS = List.of(
            new Binding<>(ClientSettings.LOOPS, CurlMultiProperties::getLoops),
            new Binding<>(ClientSettings.MAX_CONNECTIONS, CurlMultiProperties::getMaxConnections),
            new Binding<>(ClientSettings.MAX_CONNECTIONS_PER_HOST, CurlMultiProperties::getMaxConnectionsPerHost),
            new Binding<>(ClientSettings.RESPONSE_TIMEOUT, CurlMultiProperties::getResponseTimeout),
            new Binding<>(ClientSettings.TOTAL_TIMEOUT, CurlMultiProperties::getTotalTimeout),
            new Binding<>(ClientSettings.COMPRESSION, CurlMultiProperties::isCompression),
            // -1, the property's default, is its documented "no limit": the client's default.
            new Binding<>(
                    ClientSettings.MAX_RESPONSE_SIZE,
                    p -> p.getMaxResponseSize() == -1 ? null : p.getMaxResponseSize()),
            new Binding<>(
                    ClientSettings.PROXY,
                    p -> p.getProxy() == null || p.getProxy().isBlank() ? null : ProxyConfig.of(p.getProxy())),
            new Binding<>(ClientSettings.ENVIRONMENT_PROXY, CurlMultiProperties::isUseEnvironmentProxy),
            new Binding<>(ClientSettings.USER_AGENT, CurlMultiProperties::getUserAgent),
            new Binding<>(ClientSettings.HTTP_VERSION, CurlMultiProperties::getHttpVersion));

    private PropertySettings() {}

    /** Applies every property that has a value to {@code builder}. */
    static void applyTo(CurlMultiProperties properties, CurlClient.Builder builder) {
        for (Binding<?> binding : BINDINGS) {
            binding.applyTo(properties, builder);
        }
    }

    /** {@code maxConnectionsPerHost} as Boot spells a property: {@code max-connections-per-host}. */
    static String kebab(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
