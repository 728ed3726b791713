/**
 * What a Spring Boot 4 application adds instead of {@code dev.curlmulti.spring} alone: that module (which
 * this one requires, and passes on) plus the Boot 4 auto-configuration and builders
 * ({@code dev.curlmulti.spring.boot.v4}), as Boot 4 changed the builders' settings type.
 *
 * <p>Where to start: add the dependency; Boot 4's {@code WebClient.Builder}, {@code RestClient.Builder} and
 * {@code RestTemplateBuilder} then run on libcurl with no code, through
 * {@link dev.curlmulti.spring.boot.v4.CurlClientHttpRequestFactoryBuilder} and
 * {@link dev.curlmulti.spring.boot.v4.CurlClientHttpConnectorBuilder}. Everything else (the connector, the
 * request factory, the WebSocket client, the {@code curl.multi.*} properties) is module
 * {@code dev.curlmulti.spring}'s, with its threading: safe from any thread, signals on a libcurl loop thread
 * that must not be blocked. The guide's page "Spring" ({@code docs/spring.md} in the project) says more.
 *
 * <p>Spring Boot and Spring's container are the application's ({@code requires static}); the
 * auto-configuration package is opened to Spring's core, bean and context modules, which create its
 * package-private configuration classes and call their {@code @Bean} methods by reflection.
 */
// Spring Boot's jars are automatic modules: requiring them is intended. "module": the name ends in a
// digit on purpose, for the Spring generation it serves.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "module"})
module dev.curlmulti.spring7 {
    requires transitive dev.curlmulti.spring;
    requires spring.web;
    requires static spring.beans;
    requires static spring.context;
    requires static spring.boot;
    requires static spring.boot.autoconfigure;
    requires static spring.boot.http.client;

    exports dev.curlmulti.spring.boot.v4;

    opens dev.curlmulti.spring.boot.v4 to
            spring.core,
            spring.beans,
            spring.context;
}
