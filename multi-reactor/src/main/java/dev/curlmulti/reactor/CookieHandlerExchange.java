package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Headers;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * A {@link CookieHandler} as a client's cookie store (instead of libcurl's jar), innermost around every
 * exchange, so it sees each try of a retried request and the request as the client's filters left it:
 * before the transfer its {@code get} gives the cookies to send (merged into one {@code Cookie} field after
 * the request's own); at the final head its {@code put}
 * gets the response's header fields, under the URL that response came from (after a redirect libcurl
 * followed, the URL it was redirected to). The responses libcurl reads on the way (redirects, 401
 * challenges it answers) never reach the Java side, so their {@code Set-Cookie} fields are not stored.
 *
 * <p>{@code get} runs on the subscriber's thread, {@code put} on a loop thread: the handler must be
 * thread-safe and quick ({@link java.net.CookieManager} is). An exception from either fails that request
 * only (a response whose {@code put} failed has its body discarded).
 */
final class CookieHandlerExchange {
    private CookieHandlerExchange() {}

    /** {@code next} with {@code handler} consulted before and after each exchange. */
    static CurlFilter.Exchange around(CurlFilter.Exchange next, CookieHandler handler) {
        return request -> Mono.defer(() -> {
            URI uri = uri(request);
            CurlRequest sent;
            try {
                sent = withCookies(request, uri, handler);
            } catch (IOException e) {
                return Mono.error(e);
            }
            return next.exchange(sent).flatMap(response -> stored(response, uri, handler));
        });
    }

    /** The change downloads get: the handler's cookies on the request (a download's response has no put). */
    static CurlFilter.RequestChange forDownloads(CookieHandler handler) {
        return new CurlFilter.RequestChange(
                request -> Mono.fromCallable(() -> withCookies(request, uri(request), handler)));
    }

    /** {@code request} with the handler's {@code Cookie} header added (as it is when the handler has none). */
    static CurlRequest withCookies(CurlRequest request, URI uri, CookieHandler handler) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        StringBuilder cookies = new StringBuilder();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey(), k -> new ArrayList<>()).add(header.getValue());
            if (header.getKey().equalsIgnoreCase("Cookie") && !header.getValue().isBlank()) {
                cookies.append(cookies.length() == 0 ? "" : "; ").append(header.getValue());
            }
        }
        int own = cookies.length();
        Map<String, List<String>> answer = handler.get(uri, headers);
        if (answer != null) {
            for (Map.Entry<String, List<String>> entry : answer.entrySet()) {
                if (entry.getKey() != null && entry.getKey().equalsIgnoreCase("Cookie") && entry.getValue() != null) {
                    for (String value : entry.getValue()) {
                        if (value != null && !value.isBlank()) {
                            cookies.append(cookies.length() == 0 ? "" : "; ").append(value);
                        }
                    }
                }
            }
        }
        // One Cookie field (RFC 6265 section 5.4), the request's own cookies first. It goes through the
        // request builder's checks: a CR or LF from the handler fails the request.
        return cookies.length() == own
                ? request
                : request.newBuilder()
                        .withoutHeader("Cookie")
                        .header("Cookie", cookies.toString())
                        .build();
    }

    private static Mono<CurlResponse> stored(CurlResponse response, URI asked, CookieHandler handler) {
        try {
            String redirected = response.head().redirectedUrl();
            handler.put(redirected == null ? asked : URI.create(redirected), fields(response.headers()));
            return Mono.just(response);
        } catch (IOException | RuntimeException e) {
            response.discardBody();
            return Mono.error(e);
        }
    }

    private static Map<String, List<String>> fields(Headers headers) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String name : headers.names()) {
            fields.put(name, headers.all(name));
        }
        return fields;
    }

    private static URI uri(CurlRequest request) {
        try {
            return new URI(request.uri());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(
                    "a CookieHandler needs the request's URI as a java.net.URI: " + e.getMessage(), e);
        }
    }
}
