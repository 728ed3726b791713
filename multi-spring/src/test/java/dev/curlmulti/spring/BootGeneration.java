package dev.curlmulti.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.util.ClassUtils;

/**
 * The Spring Boot generation a test runs on (this module's tests run on Boot 3.5 here and on Boot 4
 * in {@code multi-spring-on-spring7}), and Boot's HTTP client property names for it.
 */
final class BootGeneration {
    static final boolean BOOT_4 = ClassUtils.isPresent(
            "org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper", null);

    private BootGeneration() {}

    /**
     * Boot's HTTP client setting {@code name} (for example {@code read-timeout}) for every client:
     * {@code spring.http.clients.*} on Boot 4, {@code spring.http.client.*} and
     * {@code spring.http.reactiveclient.*} on Boot 3.5.
     */
    static Map<String, Object> clientSetting(String name, Object value) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (BOOT_4) {
            properties.put("spring.http.clients." + name, value);
        } else {
            properties.put("spring.http.client." + name, value);
            properties.put("spring.http.reactiveclient." + name, value);
        }
        return properties;
    }

    /** Boot's {@code RestClientSsl} interface (it moved between the generations). */
    static Class<?> restClientSsl() {
        return load(
                BOOT_4
                        ? "org.springframework.boot.restclient.autoconfigure.RestClientSsl"
                        : "org.springframework.boot.autoconfigure.web.client.RestClientSsl");
    }

    /** Actuator's {@code MetricsEndpoint} (it moved between the generations). */
    static Class<?> metricsEndpoint() {
        return load(
                BOOT_4
                        ? "org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint"
                        : "org.springframework.boot.actuate.metrics.MetricsEndpoint");
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Boot's {@code RestTemplateBuilder} class (it moved between the generations). */
    static Class<?> restTemplateBuilder() {
        try {
            return Class.forName(
                    BOOT_4
                            ? "org.springframework.boot.restclient.RestTemplateBuilder"
                            : "org.springframework.boot.web.client.RestTemplateBuilder");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
