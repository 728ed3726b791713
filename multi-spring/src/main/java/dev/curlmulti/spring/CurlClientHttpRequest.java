package dev.curlmulti.spring;

import dev.curlmulti.reactor.CurlRequest;
import dev.curlmulti.reactor.RequestBody;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.AbstractClientHttpRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A WebClient request being prepared for libcurl. Headers, cookies and the body are only
 * recorded here; {@link CurlClientHttpConnector} sends once the request callback has completed.
 * Each body buffer is copied out and released at once. Not thread-safe (used by one exchange).
 */
class CurlClientHttpRequest extends AbstractClientHttpRequest {
    private static final AtomicLong IDS = new AtomicLong();

    private final HttpMethod method;
    private final URI uri;
    private final DataBufferFactory bufferFactory;
    private final String id = Long.toHexString(IDS.incrementAndGet());
    private final List<String[]> headerLines = new ArrayList<>();
    private Flux<ByteBuffer> body;

    CurlClientHttpRequest(HttpMethod method, URI uri, DataBufferFactory bufferFactory) {
        this.method = method;
        this.uri = uri;
        this.bufferFactory = bufferFactory;
    }

    @Override
    public HttpMethod getMethod() {
        return method;
    }

    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    public DataBufferFactory bufferFactory() {
        return bufferFactory;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getNativeRequest() {
        return (T) this;
    }

    String id() {
        return id;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> buffers) {
        return doCommit(() -> {
            body = Flux.from(buffers).map(CurlClientHttpRequest::copyAndRelease);
            return Mono.empty();
        });
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> buffers) {
        return writeWith(Flux.from(buffers).concatMap(Flux::from));
    }

    @Override
    public Mono<Void> setComplete() {
        return doCommit();
    }

    private static ByteBuffer copyAndRelease(DataBuffer buffer) {
        try {
            ByteBuffer copy = ByteBuffer.allocate(buffer.readableByteCount());
            buffer.toByteBuffer(copy);
            return copy;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    @Override
    protected void applyHeaders() {
        getHeaders().forEach((name, values) -> {
            for (String value : values) {
                // Sent empty rather than failing the exchange, as Spring's JDK request factory sends it.
                headerLines.add(new String[] {name, value == null ? "" : value});
            }
        });
    }

    @Override
    protected void applyCookies() {
        // All cookies in one Cookie header, as a browser sends them.
        String cookies = getCookies().values().stream()
                .flatMap(List::stream)
                .map(HttpCookie::toString)
                .collect(Collectors.joining("; "));
        if (!cookies.isEmpty()) {
            headerLines.add(new String[] {HttpHeaders.COOKIE, cookies});
        }
    }

    /** The request for libcurl; called after the request callback completed. */
    CurlRequest toCurlRequest() {
        // WebClient records its own observation of the exchange (and sends its trace headers).
        CurlRequest.Builder builder =
                CurlRequest.builder(uri.toASCIIString()).method(method.name()).observedByCaller(true);
        long length = -1;
        for (String[] header : headerLines) {
            if (header[0].equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                length = Long.parseLong(header[1].trim());
                // libcurl writes Content-Length (or chunked) itself from the body's length.
                continue;
            }
            builder.header(header[0], header[1]);
        }
        if (body != null && method != HttpMethod.HEAD) {
            // Known length: Content-Length; unknown: chunked on HTTP/1.1.
            builder.body(RequestBody.ofPublisher(body, length));
        }
        return builder.build();
    }
}
