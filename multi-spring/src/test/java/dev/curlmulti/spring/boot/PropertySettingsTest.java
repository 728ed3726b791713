package dev.curlmulti.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.reactor.ClientSetting;
import dev.curlmulti.reactor.ClientSettings;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.HttpVersion;
import dev.curlmulti.reactor.ProxyConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every {@code curl.multi.*} property that sets a client setting reaches the auto-configured client
 * with the value the client builder would give it, and a bad value fails the context with the
 * exception the client builder throws for it.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class PropertySettingsTest {
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    /** Per setting Spring exposes: the property's text and the value the client should then have. */
    private record Sample(String text, Object value) {}

    private static final Map<ClientSetting<?>, Sample> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put(ClientSettings.LOOPS, new Sample("3", 3));
        SAMPLES.put(ClientSettings.MAX_CONNECTIONS, new Sample("5", 5));
        SAMPLES.put(ClientSettings.MAX_CONNECTIONS_PER_HOST, new Sample("2", 2));
        SAMPLES.put(ClientSettings.RESPONSE_TIMEOUT, new Sample("7s", Duration.ofSeconds(7)));
        SAMPLES.put(ClientSettings.TOTAL_TIMEOUT, new Sample("9s", Duration.ofSeconds(9)));
        SAMPLES.put(ClientSettings.COMPRESSION, new Sample("true", true));
        SAMPLES.put(ClientSettings.MAX_RESPONSE_SIZE, new Sample("1234", 1234L));
        SAMPLES.put(ClientSettings.PROXY, new Sample("http://127.0.0.1:3128", ProxyConfig.of("http://127.0.0.1:3128")));
        SAMPLES.put(ClientSettings.ENVIRONMENT_PROXY, new Sample("true", true));
        SAMPLES.put(ClientSettings.USER_AGENT, new Sample("walker/1", "walker/1"));
        SAMPLES.put(ClientSettings.HTTP_VERSION, new Sample("HTTP_1_1", HttpVersion.HTTP_1_1));
    }

    @Test
    void everyBindingIsABeanPropertyNamedAfterItsSetting() {
        List<ClientSetting<?>> bound = PropertySettings.BINDINGS.stream()
                .<ClientSetting<?>>map(PropertySettings.Binding::setting)
                .toList();
        assertThat(bound).containsExactlyInAnyOrderElementsOf(SAMPLES.keySet());
        BeanWrapperImpl bean = new BeanWrapperImpl(new CurlMultiProperties());
        for (PropertySettings.Binding<?> binding : PropertySettings.BINDINGS) {
            assertThat(bean.isWritableProperty(binding.setting().name()))
                    .as(binding.property())
                    .isTrue();
        }
        assertThat(PropertySettings.kebab("maxConnectionsPerHost")).isEqualTo("max-connections-per-host");
    }

    @Test
    void eachPropertyGivesTheClientTheValueTheBuilderWould() {
        SAMPLES.forEach((setting, sample) -> {
            String property = "curl.multi." + PropertySettings.kebab(setting.name()) + "=" + sample.text();
            withClient(property, client -> {
                assertThat(client.setting(setting))
                        .as(property)
                        .isEqualTo(sample.value())
                        .isNotEqualTo(setting.defaultValue());
            });
        });
    }

    @Test
    void unsetPropertiesAndTheNoLimitSizeKeepTheClientsDefaults() {
        withClient("curl.multi.max-response-size=-1", client -> {
            for (ClientSetting<?> setting : SAMPLES.keySet()) {
                assertThat(client.setting(setting)).as(setting.name()).isEqualTo(setting.defaultValue());
            }
        });
    }

    @Test
    void aBadValueFailsTheContextAsTheClientBuilderWould() {
        assertRefusedAlike(
                "curl.multi.max-response-size=-2", () -> CurlClient.builder().maxResponseSize(-2));
        assertRefusedAlike("curl.multi.loops=0", () -> CurlClient.builder().loops(0));
        assertRefusedAlike(
                "curl.multi.max-connections=-1", () -> CurlClient.builder().maxConnections(-1));
        assertRefusedAlike(
                "curl.multi.total-timeout=-1s", () -> CurlClient.builder().totalTimeout(Duration.ofSeconds(-1)));
    }

    private static void assertRefusedAlike(String property, Runnable viaBuilder) {
        Throwable expected = catchThrowable(viaBuilder::run);
        assertThat(expected).isInstanceOf(IllegalArgumentException.class);
        Throwable failure = catchThrowable(() -> withClient(property, client -> {}));
        Throwable cause = failure;
        while (cause != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as(property).isNotNull().hasMessage(expected.getMessage());
    }

    private static void withClient(String property, Consumer<CurlClient> check) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(property, "spring.main.banner-mode=off")
                .run()) {
            check.accept(context.getBean(CurlClient.class));
        }
    }
}
