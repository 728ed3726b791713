package dev.curlmulti.spring;

import dev.curlmulti.core.loop.Headers;
import dev.curlmulti.reactor.CurlResponse;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;

/**
 * A libcurl response for WebClient: any status code (also unknown ones), read-only
 * case-insensitive headers, {@code Set-Cookie} parsed into {@link ResponseCookie}s, and the body as
 * pooled {@code DataBuffer}s ({@link CurlDataBuffer}: libcurl's bytes are copied once, into pooled
 * memory that Spring's release gives back; the connector's factory is theirs for allocations).
 * Headers and cookies are converted on first use.
 *
 * <p>The body is read once. Once it has been read to the end or cancelled, a later subscription
 * (WebClient's own release of a body the handler already consumed) completes empty instead of
 * failing; a second subscription while the first still reads fails with
 * {@link IllegalStateException}, as with Spring's connectors.
 */
class CurlClientHttpResponse implements ClientHttpResponse {
    private static final int UNREAD = 0;
    private static final int READING = 1;
    private static final int DONE = 2;
    private static final AtomicIntegerFieldUpdater<CurlClientHttpResponse> BODY_STATE =
            AtomicIntegerFieldUpdater.newUpdater(CurlClientHttpResponse.class, "bodyState");

    private final CurlResponse response;
    private final DataBufferFactory factory;
    private final String id;
    private volatile int bodyState;
    private volatile HttpHeaders headers;
    private volatile MultiValueMap<String, ResponseCookie> cookies;

    CurlClientHttpResponse(CurlResponse response, DataBufferFactory factory, String id) {
        this.response = response;
        this.factory = factory;
        this.id = id;
    }

    /** Stable per exchange, the same as the request's, for log correlation. */
    @Override
    public String getId() {
        return id;
    }

    @Override
    public HttpStatusCode getStatusCode() {
        return HttpStatusCode.valueOf(response.status());
    }

    @Override
    public HttpHeaders getHeaders() {
        HttpHeaders converted = headers;
        if (converted == null) {
            Headers source = response.headers();
            HttpHeaders all = new HttpHeaders();
            for (int i = 0; i < source.size(); i++) {
                all.add(source.name(i), source.value(i));
            }
            converted = HttpHeaders.readOnlyHttpHeaders(all);
            headers = converted;
        }
        return converted;
    }

    @Override
    public MultiValueMap<String, ResponseCookie> getCookies() {
        MultiValueMap<String, ResponseCookie> parsed = cookies;
        if (parsed == null) {
            MultiValueMap<String, ResponseCookie> all = new LinkedMultiValueMap<>();
            for (String header : response.headers().all(HttpHeaders.SET_COOKIE)) {
                ResponseCookie cookie = SetCookieParser.parse(header);
                if (cookie != null) {
                    all.add(cookie.getName(), cookie);
                }
            }
            parsed = CollectionUtils.unmodifiableMultiValueMap(all);
            cookies = parsed;
        }
        return parsed;
    }

    @Override
    public Flux<DataBuffer> getBody() {
        return Flux.defer(() -> {
            if (BODY_STATE.compareAndSet(this, UNREAD, READING)) {
                // Done before the end signal travels on: WebClient releases the body from inside it.
                CurlBufferFactory pooled = new CurlBufferFactory(factory);
                return response.bodyChunks()
                        .<DataBuffer>map(chunk -> new CurlDataBuffer(chunk, pooled))
                        .doOnTerminate(this::bodyDone)
                        .doOnCancel(this::bodyDone);
            }
            if (bodyState == DONE) {
                return Flux.empty();
            }
            return Flux.error(new IllegalStateException("The client response body can only be consumed once."));
        });
    }

    private void bodyDone() {
        bodyState = DONE;
    }

    @Override
    public String toString() {
        return "CurlClientHttpResponse{" + response + "}";
    }
}
