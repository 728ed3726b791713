/**
 * libcurl under Project Reactor: {@code CurlClient}, its requests and responses, downloads
 * ({@code dev.curlmulti.reactor}), WebSocket sessions ({@code dev.curlmulti.reactor.websocket}) and the
 * optional Micrometer meters and observations ({@code dev.curlmulti.reactor.micrometer}, used only when
 * Micrometer is present).
 *
 * <p>Where to start:
 * <ul>
 *   <li>{@link dev.curlmulti.reactor.CurlClient}: build one ({@code CurlClient.builder()}), share it, dispose
 *       it when done; {@code get}, {@code request} and {@code retrieve} give a {@code Mono} of a
 *       {@link dev.curlmulti.reactor.CurlResponse} whose body streams with backpressure.
 *   <li>{@link dev.curlmulti.reactor.CurlRequest} for anything but a plain GET, and the settings a request
 *       may override; {@link dev.curlmulti.reactor.ClientSettings} lists every setting with its default.
 *   <li>{@link dev.curlmulti.reactor.RetryPolicy} and {@link dev.curlmulti.reactor.CurlFilter} for retries
 *       and filters; {@link dev.curlmulti.reactor.TlsConfig} for TLS material from memory.
 *   <li>{@link dev.curlmulti.reactor.websocket.CurlWebSocket} for WebSocket sessions
 *       ({@code CurlClient.websocket}); {@link dev.curlmulti.reactor.micrometer.CurlClientMetrics} for meters.
 * </ul>
 *
 * <p>Threading: a client and its requests are immutable and safe from any thread; nothing is sent until a
 * {@code Mono} or {@code Flux} is subscribed, and signals arrive on the client's loop thread, which must not
 * be blocked ({@code publishOn} before blocking work). The guide's page "The client"
 * ({@code docs/client.md} in the project) says more, and links every other topic.
 *
 * <p>{@code dev.curlmulti.reactor.internal} (the body-chunk pool and the header rules) is not API: it
 * is exported to {@code dev.curlmulti.spring} alone, whose {@code DataBuffer} wraps a pooled chunk
 * without copying it. Requiring this module also gives an application the core API
 * ({@code dev.curlmulti.core}) and Reactor, which this API's signatures use; see that module for the
 * native-access flag Java 22+ asks for.
 */
// Reactor, Reactive Streams and Micrometer are automatic modules: requiring them is intended. "module":
// dev.curlmulti.spring is built after this module, so it cannot be found when this one compiles.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "module"})
module dev.curlmulti.reactor {
    requires transitive dev.curlmulti.core;
    requires transitive reactor.core;
    requires transitive org.reactivestreams;
    requires org.slf4j;
    requires static micrometer.core;
    requires static micrometer.observation;
    requires static micrometer.commons;

    exports dev.curlmulti.reactor;
    exports dev.curlmulti.reactor.micrometer;
    exports dev.curlmulti.reactor.websocket;
    exports dev.curlmulti.reactor.internal to
            dev.curlmulti.spring;
}
