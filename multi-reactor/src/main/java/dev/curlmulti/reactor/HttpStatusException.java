package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A 4xx or 5xx response where the caller asked for errors on them ({@link CurlClient#retrieve}).
 * Carries the status, headers and the first bytes of the body.
 */
public class HttpStatusException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Headers headers;
    private final byte[] body;

    /** The error for {@code request} (its method and URI) answered with {@code status}; keeps {@code body} as given. */
    public HttpStatusException(String request, int status, Headers headers, byte[] body) {
        super(request + " answered " + status);
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** Fails with the error for {@code response}, carrying the first 64 KiB of its body. */
    static <T> reactor.core.publisher.Mono<T> of(CurlRequest request, CurlResponse response) {
        return response.body()
                .collect(java.io.ByteArrayOutputStream::new, (out, buffer) -> {
                    int room = 65536 - out.size();
                    if (room > 0) {
                        out.write(
                                buffer.array(),
                                buffer.arrayOffset() + buffer.position(),
                                Math.min(room, buffer.remaining()));
                    }
                })
                .flatMap(out -> reactor.core.publisher.Mono.error(new HttpStatusException(
                        request.toString(), response.status(), response.headers(), out.toByteArray())));
    }

    /** The response's status code (4xx or 5xx from {@link CurlClient#retrieve}). */
    public int status() {
        return status;
    }

    /** The response's header fields (not serialized with the exception). */
    public Headers headers() {
        return headers;
    }

    /** Up to the first 64 KiB of the response body. */
    public byte[] body() {
        return body.clone();
    }

    /** {@link #body()} decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
