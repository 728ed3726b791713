package dev.curlmulti.spring;

import dev.curlmulti.core.Headers;
import dev.curlmulti.reactor.CurlResponse;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.AbstractClientHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * A libcurl response for WebClient: any status code (also unknown ones), read-only
 * case-insensitive headers, {@code Set-Cookie} parsed into {@link ResponseCookie}s, and the body as
 * {@code DataBuffer}s from the connector's factory, one per chunk libcurl delivers.
 */
class CurlClientHttpResponse extends AbstractClientHttpResponse {
    private final String id;

    CurlClientHttpResponse(CurlResponse response, DataBufferFactory factory, String id) {
        super(HttpStatusCode.valueOf(response.status()), headers(response.headers()), cookies(response.headers()),
                response.body().map(factory::wrap));
        this.id = id;
    }

    /** Stable per exchange, the same as the request's, for log correlation. */
    @Override
    public String getId() {
        return id;
    }

    private static HttpHeaders headers(Headers source) {
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < source.size(); i++) {
            headers.add(source.name(i), source.value(i));
        }
        return HttpHeaders.readOnlyHttpHeaders(headers);
    }

    private static MultiValueMap<String, ResponseCookie> cookies(Headers source) {
        MultiValueMap<String, ResponseCookie> cookies = new LinkedMultiValueMap<>();
        for (String header : source.all(HttpHeaders.SET_COOKIE)) {
            ResponseCookie cookie = SetCookieParser.parse(header);
            if (cookie != null) {
                cookies.add(cookie.getName(), cookie);
            }
        }
        return cookies;
    }
}
