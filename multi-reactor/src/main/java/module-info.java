/**
 * libcurl under Project Reactor: {@code CurlClient}, its requests and responses, downloads
 * ({@code dev.curlmulti.reactor}), WebSocket sessions ({@code dev.curlmulti.reactor.websocket}) and the
 * optional Micrometer meters and observations ({@code dev.curlmulti.reactor.micrometer}, used only when
 * Micrometer is present).
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
