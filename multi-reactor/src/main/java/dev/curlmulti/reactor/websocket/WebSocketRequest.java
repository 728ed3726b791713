package dev.curlmulti.reactor.websocket;

import dev.curlmulti.reactor.internal.HeaderRules;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What to open a WebSocket session with: the {@code ws://} or {@code wss://} URI (http and https
 * are taken as ws and wss), extra handshake headers, the subprotocols to offer, and the session's
 * limits and timers. Immutable; made with {@link #builder(String)}. The client's own settings
 * (TLS, proxy, default headers, connect timeout) apply as for HTTP requests.
 */
public final class WebSocketRequest {
    /** The default {@link Builder#maxMessageSize}: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;
    /** The default {@link Builder#handshakeTimeout}: 30 s. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    /** The default {@link Builder#closeTimeout}: 5 s. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String uri;
    private final List<Map.Entry<String, String>> headers;
    private final List<String> subprotocols;
    private final int maxMessageSize;
    private final Duration handshakeTimeout;
    private final Duration closeTimeout;
    private final Duration pingInterval;

    private WebSocketRequest(Builder b) {
        this.uri = b.uri;
        this.headers = List.copyOf(b.headers);
        this.subprotocols = List.copyOf(b.subprotocols);
        this.maxMessageSize = b.maxMessageSize;
        this.handshakeTimeout = b.handshakeTimeout;
        this.closeTimeout = b.closeTimeout;
        this.pingInterval = b.pingInterval;
    }

    /**
     * A builder for {@code uri}.
     *
     * @throws IllegalArgumentException not an absolute ws, wss, http or https URI
     */
    public static Builder builder(String uri) {
        return new Builder(webSocketUri(uri));
    }

    /** A request for {@code uri} with the defaults. */
    public static WebSocketRequest of(String uri) {
        return builder(uri).build();
    }

    private static String webSocketUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URI: " + uri, e);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        String rest = uri.substring(uri.indexOf(':'));
        return switch (scheme) {
            case "ws", "wss" -> scheme + rest;
            case "http" -> "ws" + rest;
            case "https" -> "wss" + rest;
            default ->
                throw new IllegalArgumentException("a WebSocket URI is ws://, wss://, http:// or https://, not " + uri);
        };
    }

    /** The URI, with a ws or wss scheme. */
    public String uri() {
        return uri;
    }

    /** Extra handshake headers, in order. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The subprotocols offered ({@code Sec-WebSocket-Protocol}), in order of preference; empty for none. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** The interval between the session's own pings, or null for none. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /**
     * This request with {@code defaults} added before its own headers, except those it sets itself
     * (for a client's default headers).
     */
    public WebSocketRequest withDefaultHeaders(List<Map.Entry<String, String>> defaults) {
        Builder copy = new Builder(uri);
        copy.subprotocols.addAll(subprotocols);
        copy.maxMessageSize = maxMessageSize;
        copy.handshakeTimeout = handshakeTimeout;
        copy.closeTimeout = closeTimeout;
        copy.pingInterval = pingInterval;
        for (Map.Entry<String, String> header : defaults) {
            boolean own = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(header.getKey()));
            if (!own) {
                copy.header(header.getKey(), header.getValue());
            }
        }
        copy.headers.addAll(headers);
        return copy.build();
    }

    @Override
    public String toString() {
        return "WebSocket " + uri;
    }

    /** Builds a {@link WebSocketRequest}; not thread-safe. */
    public static final class Builder {
        private final String uri;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private final List<String> subprotocols = new ArrayList<>();
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private Duration pingInterval;

        private Builder(String uri) {
            this.uri = uri;
        }

        /**
         * Adds a handshake header. The WebSocket headers themselves (Upgrade, Connection,
         * Sec-WebSocket-Key, -Version) are libcurl's; use {@link #subprotocols} for
         * Sec-WebSocket-Protocol.
         *
         * @throws IllegalArgumentException what {@code CurlRequest.Builder.header} refuses (a name that is
         *     not a token; CR, LF, NUL or another control character in the value), or a name libcurl sets
         */
        public Builder header(String name, String value) {
            // The HTTP request builder's rule, not a copy: a NUL slipped past a CR/LF-only check here.
            HeaderRules.checkHeader(name, value);
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("upgrade") || lower.equals("connection") || lower.startsWith("sec-websocket-")) {
                throw new IllegalArgumentException(name + " is set by the WebSocket handshake itself");
            }
            headers.add(Map.entry(name, value));
            return this;
        }

        /** The subprotocols to offer, in order of preference; the server picks one or none. */
        public Builder subprotocols(String... names) {
            for (String name : names) {
                if (name == null || name.isEmpty() || name.indexOf(',') >= 0 || name.indexOf(' ') >= 0) {
                    throw new IllegalArgumentException("not a subprotocol name: " + name);
                }
                // Each name goes into this header's value, so it meets the same rule as any header.
                HeaderRules.checkHeader("Sec-WebSocket-Protocol", name);
                subprotocols.add(name);
            }
            return this;
        }

        /**
         * The largest message the session accepts, after putting its fragments together (default
         * 1 MiB). A larger one ends the session with {@link WebSocketTooLargeException} and close
         * code 1009.
         */
        public Builder maxMessageSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxMessageSize must be positive");
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /** How long the connection and the upgrade (until the 101 response) may take (default 30 s). */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /**
         * How long a close waits for the peer's close frame once ours is sent (default 5 s); then
         * the connection is dropped.
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = positive(timeout, "closeTimeout");
            return this;
        }

        /**
         * Sends a ping every {@code interval}; when a ping has had no pong by the time the next
         * one is due, the session ends with a {@link WebSocketException} (close code 1006). Null
         * (the default) sends none.
         */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = interval == null ? null : positive(interval, "pingInterval");
            return this;
        }

        public WebSocketRequest build() {
            return new WebSocketRequest(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
