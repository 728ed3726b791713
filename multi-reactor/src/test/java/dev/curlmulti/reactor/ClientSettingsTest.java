package dev.curlmulti.reactor;

import static dev.curlmulti.reactor.ClientSettings.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.internal.Internals;
import dev.curlmulti.core.loop.LoopDriverKind;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every setting in {@link ClientSettings} is applied alike whichever way it is set: the client
 * builder's method for it, the request builder's (where a request may override it), and the
 * generic {@code set}; its value reaches the template handle or the request's handle, and a bad
 * value is refused with the same exception on every path. A setting added without a row here fails
 * the first test.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class ClientSettingsTest {
    /**
     * How one setting is written and seen: a value other than its default; a value it refuses (null:
     * none to try, {@link #NULL}: null itself); the client builder's and the request builder's (null:
     * not overridable) methods for it; the libcurl option its value sets on the template handle and on
     * a request's handle.
     */
    private record Row(
            Object sample,
            Object invalid,
            BiConsumer<CurlClient.Builder, Object> client,
            BiConsumer<CurlRequest.Builder, Object> request,
            CurlOpt templateOption,
            CurlOpt requestOption) {}

    /** A row's bad value that is null itself (the setting has no "none"). */
    private static final Object NULL = new Object();

    private static final Map<ClientSetting<?>, Row> ROWS = rows();

    private static Map<ClientSetting<?>, Row> rows() {
        LoopDriverKind otherDriver =
                LoopDriverKind.defaultKind() == LoopDriverKind.POLL ? LoopDriverKind.SOCKET : LoopDriverKind.POLL;
        Duration negative = Duration.ofMillis(-1);
        Map<ClientSetting<?>, Row> rows = new LinkedHashMap<>();
        rows.put(LOOPS, client(3, 0, (b, v) -> b.loops((Integer) v), null));
        rows.put(MAX_CONNECTIONS, client(5, -1, (b, v) -> b.maxConnections((Integer) v), null));
        rows.put(MAX_CONNECTIONS_PER_HOST, client(2, -1, (b, v) -> b.maxConnectionsPerHost((Integer) v), null));
        rows.put(MAX_CONCURRENT_STREAMS, client(7, 0, (b, v) -> b.maxConcurrentStreams((Integer) v), null));
        rows.put(LOOP_DRIVER, client(otherDriver, NULL, (b, v) -> b.loopDriver((LoopDriverKind) v), null));
        rows.put(
                PROTOCOLS,
                client(
                        List.of("https"),
                        null,
                        (b, v) -> b.allowProtocols(((List<?>) v).toArray(String[]::new)),
                        CurlOpt.PROTOCOLS_STR));
        rows.put(
                HTTP_VERSION,
                new Row(
                        HttpVersion.HTTP_1_1,
                        NULL,
                        (b, v) -> b.httpVersion((HttpVersion) v),
                        (b, v) -> b.httpVersion((HttpVersion) v),
                        CurlOpt.HTTP_VERSION,
                        CurlOpt.HTTP_VERSION));
        rows.put(
                CONNECT_TIMEOUT,
                new Row(
                        Duration.ofSeconds(5),
                        negative,
                        (b, v) -> b.connectTimeout((Duration) v),
                        (b, v) -> b.connectTimeout((Duration) v),
                        CurlOpt.CONNECTTIMEOUT_MS,
                        CurlOpt.CONNECTTIMEOUT_MS));
        rows.put(
                RESPONSE_TIMEOUT,
                new Row(
                        Duration.ofSeconds(6),
                        negative,
                        (b, v) -> b.responseTimeout((Duration) v),
                        (b, v) -> b.responseTimeout((Duration) v),
                        null,
                        null));
        rows.put(
                TOTAL_TIMEOUT,
                new Row(
                        Duration.ofSeconds(7),
                        negative,
                        (b, v) -> b.totalTimeout((Duration) v),
                        (b, v) -> b.timeout((Duration) v),
                        null,
                        CurlOpt.TIMEOUT_MS));
        rows.put(
                IDLE_TIMEOUT,
                new Row(
                        Duration.ofSeconds(8),
                        negative,
                        (b, v) -> b.idleTimeout((Duration) v),
                        (b, v) -> b.idleTimeout((Duration) v),
                        null,
                        null));
        rows.put(
                BODY_SUBSCRIBE_TIMEOUT,
                client(Duration.ofSeconds(3), negative, (b, v) -> b.bodySubscribeTimeout((Duration) v), null));
        rows.put(
                MAX_REDIRECTS,
                new Row(
                        4,
                        -1,
                        (b, v) -> b.followRedirects((Integer) v),
                        (b, v) -> b.followRedirects((Integer) v),
                        CurlOpt.MAXREDIRS,
                        CurlOpt.FOLLOWLOCATION));
        rows.put(
                COMPRESSION,
                new Row(
                        true,
                        null,
                        (b, v) -> b.compression((Boolean) v),
                        (b, v) -> b.compression((Boolean) v),
                        CurlOpt.ACCEPT_ENCODING,
                        CurlOpt.ACCEPT_ENCODING));
        rows.put(
                MAX_RESPONSE_SIZE,
                new Row(
                        1000L,
                        -1L,
                        (b, v) -> b.maxResponseSize((Long) v),
                        (b, v) -> b.maxResponseSize((Long) v),
                        null,
                        null));
        rows.put(MAX_IN_MEMORY_SIZE, client(1000L, -1L, (b, v) -> b.maxInMemorySize((Long) v), null));
        rows.put(
                PROXY,
                new Row(
                        ProxyConfig.of("http://127.0.0.1:3128"),
                        null,
                        (b, v) -> b.proxy((ProxyConfig) v),
                        (b, v) -> b.proxy((ProxyConfig) v),
                        CurlOpt.SUPPRESS_CONNECT_HEADERS,
                        CurlOpt.PROXY));
        rows.put(ENVIRONMENT_PROXY, client(true, null, (b, v) -> b.useEnvironmentProxy((Boolean) v), CurlOpt.PROXY));
        rows.put(
                CONNECTION_POOL,
                client(
                        ConnectionPoolSettings.DEFAULT.withMaxIdleTime(Duration.ofSeconds(7)),
                        NULL,
                        (b, v) -> b.connectionPool(p -> (ConnectionPoolSettings) v),
                        CurlOpt.MAXAGE_CONN));
        String pin = "sha256//" + "A".repeat(43) + "=";
        rows.put(
                TLS,
                client(
                        TlsConfig.DEFAULT.withPinnedPublicKey(pin),
                        NULL,
                        (b, v) -> b.tls(t -> (TlsConfig) v),
                        CurlOpt.PINNEDPUBLICKEY));
        rows.put(INSECURE, client(true, null, (b, v) -> b.insecureSkipTlsVerification(), CurlOpt.SSL_VERIFYPEER));
        rows.put(COOKIES, client(true, null, (b, v) -> b.cookies((Boolean) v), CurlOpt.COOKIEFILE));
        rows.put(
                USER_AGENT,
                client("walker/1", "walker\r\nX-Injected: 1", (b, v) -> b.userAgent((String) v), CurlOpt.USERAGENT));
        rows.put(
                UNIX_SOCKET,
                client(Path.of("/tmp/no-such.sock"), null, (b, v) -> b.unixSocket((Path) v), CurlOpt.UNIX_SOCKET_PATH));
        rows.put(RETRY, client(RetryPolicy.defaults(), null, (b, v) -> b.retry((RetryPolicy) v), null));
        rows.put(WIRETAP, client(true, null, (b, v) -> b.wiretap((Boolean) v), null));
        rows.put(TIMINGS, client(false, null, (b, v) -> b.timings((Boolean) v), null));
        rows.put(
                ALT_SVC,
                client(AltSvcCache.inMemory(), null, (b, v) -> b.altSvc((AltSvcCache) v), CurlOpt.ALTSVC_CTRL));
        rows.put(HSTS, client(HstsCache.inMemory(), null, (b, v) -> b.hsts((HstsCache) v), CurlOpt.HSTS_CTRL));
        return rows;
    }

    private static Row client(
            Object sample, Object invalid, BiConsumer<CurlClient.Builder, Object> method, CurlOpt templateOption) {
        return new Row(sample, invalid, method, null, templateOption, null);
    }

    @Test
    void everySettingHasARowAndOnlyOverridableOnesHaveARequestMethod() {
        assertThat(ROWS.keySet()).containsExactlyInAnyOrderElementsOf(ClientSettings.all());
        ROWS.forEach((setting, row) -> {
            assertThat(row.request() != null).as(setting.name()).isEqualTo(setting.requestOverridable());
            assertThat(row.sample())
                    .as(setting.name() + " sample differs from its default")
                    .isNotEqualTo(setting.defaultValue());
            assertThat(row.templateOption() != null)
                    .as(setting.name() + " sets a template option")
                    .isEqualTo(setting.onTemplate != null);
        });
        assertThat(ClientSettings.requestOverridable())
                .containsExactlyInAnyOrder(
                        TOTAL_TIMEOUT,
                        CONNECT_TIMEOUT,
                        IDLE_TIMEOUT,
                        RESPONSE_TIMEOUT,
                        PROXY,
                        HTTP_VERSION,
                        MAX_REDIRECTS,
                        COMPRESSION,
                        MAX_RESPONSE_SIZE);
    }

    @Test
    void theClientBuildersMethodForEachSettingGivesTheBuiltClientThatValue() {
        ROWS.forEach((setting, row) -> {
            CurlClient.Builder builder = CurlClient.builder().loops(1);
            row.client().accept(builder, row.sample());
            try (CurlClient client = builder.build()) {
                assertThat(client.setting(setting)).as(setting.name()).isEqualTo(row.sample());
                try (CurlClient copy = client.mutate().build()) {
                    assertThat(copy.setting(setting))
                            .as(setting.name() + " kept by mutate()")
                            .isEqualTo(row.sample());
                }
            }
            try (CurlClient generic = CurlClient.builder()
                    .loops(1)
                    .set(cast(setting), row.sample())
                    .build()) {
                assertThat(generic.setting(setting))
                        .as(setting.name() + " via set")
                        .isEqualTo(row.sample());
            }
        });
    }

    @Test
    void eachSettingsValueReachesTheTemplateHandleAsItsLibcurlOption() {
        ROWS.forEach((setting, row) -> {
            if (row.templateOption() == null || setting == ENVIRONMENT_PROXY) {
                return; // the environment's proxy is the one value that removes its option: below
            }
            ClientConfig config = new ClientConfig();
            config.set(cast(setting), row.sample());
            Set<CurlOpt> withSample = touched(c -> TemplateOptions.apply(c, config));
            assertThat(withSample).as(setting.name()).contains(row.templateOption());
        });
        Set<CurlOpt> defaults = touched(c -> TemplateOptions.apply(c, new ClientConfig()));
        assertThat(defaults)
                .as("defaults leave these options alone")
                .doesNotContain(
                        CurlOpt.ACCEPT_ENCODING,
                        CurlOpt.COOKIEFILE,
                        CurlOpt.PINNEDPUBLICKEY,
                        CurlOpt.SSL_VERIFYPEER,
                        CurlOpt.UNIX_SOCKET_PATH,
                        CurlOpt.SUPPRESS_CONNECT_HEADERS,
                        CurlOpt.MAXREDIRS);
        assertThat(defaults)
                .as("the client's own idle limit, not libcurl's 118 s")
                .contains(CurlOpt.MAXAGE_CONN);
        ClientConfig libcurlIdle = new ClientConfig();
        libcurlIdle.set(CONNECTION_POOL, ConnectionPoolSettings.DEFAULT.withLibcurlMaxIdleTime());
        assertThat(touched(c -> TemplateOptions.apply(c, libcurlIdle)))
                .as("libcurl's own idle limit asked for")
                .doesNotContain(CurlOpt.MAXAGE_CONN);
        ClientConfig environment = new ClientConfig();
        environment.set(ENVIRONMENT_PROXY, true);
        assertThat(defaults).contains(CurlOpt.PROXY);
        assertThat(touched(c -> TemplateOptions.apply(c, environment)))
                .as("the environment's proxy is honoured")
                .doesNotContain(CurlOpt.PROXY);
    }

    @Test
    void aRequestsOwnValueWinsOverTheClientsAndReachesItsHandle() {
        ClientConfig config = new ClientConfig();
        CurlRequest plain = CurlRequest.get("http://127.0.0.1/");
        Set<CurlOpt> plainOptions = touched(c -> RequestOptions.apply(c, plain, config));
        ROWS.forEach((setting, row) -> {
            if (row.request() == null) {
                return;
            }
            CurlRequest.Builder builder = CurlRequest.builder("http://127.0.0.1/");
            row.request().accept(builder, row.sample());
            CurlRequest request = builder.build();
            assertThat(request.setting(setting)).as(setting.name()).isEqualTo(row.sample());
            assertThat(request.newBuilder().build().setting(setting))
                    .as(setting.name() + " kept by newBuilder()")
                    .isEqualTo(row.sample());
            assertThat(CurlRequest.builder("http://127.0.0.1/")
                            .set(cast(setting), row.sample())
                            .build()
                            .setting(setting))
                    .as(setting.name() + " via set")
                    .isEqualTo(row.sample());
            assertThat(config.effective(setting, request)).as(setting.name()).isEqualTo(row.sample());
            assertThat(config.effective(setting, plain)).as(setting.name()).isEqualTo(setting.defaultValue());
            if (row.requestOption() != null) {
                assertThat(touched(c -> RequestOptions.apply(c, request, config)))
                        .as(setting.name())
                        .contains(row.requestOption());
                assertThat(plainOptions).as(setting.name()).doesNotContain(row.requestOption());
            }
        });
    }

    @Test
    void aBadValueIsRefusedAlikeOnEveryPath() {
        ROWS.forEach((setting, row) -> {
            if (row.invalid() == null) {
                return;
            }
            Object invalid = row.invalid() == NULL ? null : row.invalid();
            Throwable viaMethod = catchThrowable(() -> row.client().accept(CurlClient.builder(), invalid));
            assertThat(viaMethod)
                    .as(setting.name())
                    .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
            assertSame(
                    setting,
                    viaMethod,
                    catchThrowable(() -> CurlClient.builder().set(cast(setting), invalid)));
            assertSame(setting, viaMethod, catchThrowable(() -> cast(setting).check(invalid)));
            if (row.request() != null) {
                assertSame(
                        setting,
                        viaMethod,
                        catchThrowable(() -> row.request().accept(CurlRequest.builder("http://127.0.0.1/"), invalid)));
                assertSame(
                        setting,
                        viaMethod,
                        catchThrowable(
                                () -> CurlRequest.builder("http://127.0.0.1/").set(cast(setting), invalid)));
            }
        });
    }

    @Test
    void aNegativeResponseSizeLimitIsRefusedByTheClientBuilderAsByTheRequestBuilder() {
        assertThatThrownBy(() -> CurlClient.builder().maxResponseSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxResponseSize must be >= 0: -1");
        assertThatThrownBy(() -> CurlRequest.builder("http://127.0.0.1/").maxResponseSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxResponseSize must be >= 0: -1");
    }

    @Test
    void aRequestCannotSetAClientWideSetting() {
        assertThatThrownBy(() -> CurlRequest.builder("http://127.0.0.1/").set(LOOPS, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client-wide");
    }

    private static void assertSame(ClientSetting<?> setting, Throwable expected, Throwable actual) {
        assertThat(actual)
                .as(setting.name())
                .isNotNull()
                .hasSameClassAs(expected)
                .hasMessage(expected.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static ClientSetting<Object> cast(ClientSetting<?> setting) {
        return (ClientSetting<Object>) setting;
    }

    /** The options a fresh handle has after {@code apply}. */
    private static Set<CurlOpt> touched(java.util.function.Consumer<Curl> apply) {
        try (Curl c = new Curl()) {
            apply.accept(c);
            return Set.copyOf(Internals.easy(c).options().touched());
        }
    }
}
