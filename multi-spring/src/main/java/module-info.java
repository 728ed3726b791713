/**
 * libcurl under Spring's HTTP clients: {@code CurlClientHttpConnector} for {@code WebClient}, the
 * blocking request factory for {@code RestClient}, the WebSocket client ({@code dev.curlmulti.spring}),
 * and the Spring Boot 3.5 auto-configuration and builders ({@code dev.curlmulti.spring.boot},
 * {@code dev.curlmulti.spring.boot.v3}).
 *
 * <p>Where to start: {@link dev.curlmulti.spring.CurlClientHttpConnector} for {@code WebClient},
 * {@link dev.curlmulti.spring.CurlClientHttpRequestFactory} for {@code RestClient} and {@code RestTemplate}
 * (either owns a default {@code CurlClient}, closed with it, or uses one you give it and leave to you),
 * {@link dev.curlmulti.spring.CurlWebSocketClient} for WebFlux's {@code WebSocketClient}. With Spring Boot 3.5
 * nothing: the auto-configuration puts Boot's builders on libcurl, {@code curl.multi.*} properties
 * ({@link dev.curlmulti.spring.boot.CurlMultiProperties}) and
 * {@link dev.curlmulti.spring.boot.CurlClientBuilderCustomizer} beans adjust it.
 *
 * <p>Threading: the connector, factory and WebSocket client are safe from any thread; reactive signals
 * arrive on a libcurl loop thread, which must not be blocked, and a blocking {@code RestClient} call blocks
 * only its caller. The guide's page "Spring" ({@code docs/spring.md} in the project) says more.
 *
 * <p>Spring is the application's. Spring Framework's web modules are required, and passed on to an
 * application, as this API's signatures use them; Spring Boot, Spring's container and Micrometer are used
 * only when present ({@code requires static}), so an application that uses them requires them itself.
 * The auto-configuration packages are opened to Spring's core, bean and context modules, which create the
 * package-private configuration classes and call their {@code @Bean} methods by reflection.
 */
// Spring and Micrometer are automatic modules: requiring them is intended.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.curlmulti.spring {
    requires transitive dev.curlmulti.reactor;
    requires transitive spring.core;
    requires transitive spring.web;
    requires transitive spring.webflux;
    requires org.slf4j;
    requires static spring.beans;
    requires static spring.context;
    requires static spring.boot;
    requires static spring.boot.autoconfigure;
    requires static micrometer.core;
    requires static micrometer.observation;

    exports dev.curlmulti.spring;
    exports dev.curlmulti.spring.boot;
    exports dev.curlmulti.spring.boot.v3;

    opens dev.curlmulti.spring.boot to
            spring.core,
            spring.beans,
            spring.context;
    opens dev.curlmulti.spring.boot.v3 to
            spring.core,
            spring.beans,
            spring.context;
}
