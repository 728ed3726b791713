package dev.curlmulti.reactor;

import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.loop.Headers;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.loop.TransferResult;
import dev.curlmulti.core.loop.TransferTimings;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A response, emitted when its final head has arrived (not for 1xx, nor for redirects libcurl
 * follows). The body streams separately through {@link #body()}.
 *
 * <p><b>The body must be consumed or discarded.</b> Subscribe to {@link #body()} (or one of the
 * {@code bodyAs...} helpers) once; until then up to 256 KiB are held and the transfer is paused.
 * A body nobody subscribes to within the client's body-subscribe timeout (10 s by default) is
 * aborted, so it cannot pin a connection; {@link #discardBody()} does it at once.
 *
 * <p>Thread-safe. Signals of the body arrive on the client's loop thread: move blocking work
 * elsewhere with {@code publishOn}.
 */
public final class CurlResponse {
    private final CurlRequest request;
    private final TransferHead head;
    private final ResponseExchange exchange;
    private final BodyFlux body;

    CurlResponse(CurlRequest request, TransferHead head, ResponseExchange exchange, BodyFlux body) {
        this.request = request;
        this.head = head;
        this.exchange = exchange;
        this.body = body;
    }

    /** The status code (any: 200, 404, 555 ...; HTTP errors are not exceptions here). */
    public int status() {
        return head.status();
    }

    /**
     * The reason phrase as the server sent it on an HTTP/1.x status line ({@code "Not Found"},
     * {@code "Server Error"}), trimmed; empty on HTTP/2 and HTTP/3 (they have none) and when the
     * server sent none. Not made up from the status code: callers wanting the standard phrase
     * look it up themselves where this is empty.
     */
    public String reason() {
        return head.reason();
    }

    /** {@code HTTP/1.1}, {@code HTTP/2} ... */
    public String httpVersion() {
        return head.httpVersion();
    }

    /** Header fields, case-insensitive, several values per name. */
    public Headers headers() {
        return head.headers();
    }

    /** The head as the engine delivered it (the cookie handler reads where a redirected response came from). */
    TransferHead head() {
        return head;
    }

    /** The request this answers. */
    public CurlRequest request() {
        return request;
    }

    /**
     * The body as heap buffers, each a new one the subscriber owns (the GC takes it: nothing to
     * release). One subscription to the body only, in this form or {@link #bodyChunks()}'s; a second
     * one gets {@link IllegalStateException}. Demand drives the transfer: without it, libcurl
     * pauses; cancelling aborts the transfer.
     */
    public Flux<ByteBuffer> body() {
        return body;
    }

    /**
     * The body's fast form: chunks in pooled memory, each {@linkplain BodyChunk#release() released}
     * by the subscriber once read, so a big body costs no buffer allocation per piece (see
     * {@link BodyChunk} for the contract: a chunk used after its release throws). Otherwise as
     * {@link #body()}: one subscription to the body, in either form; demand drives the transfer;
     * cancelling aborts it.
     */
    public Flux<BodyChunk> bodyChunks() {
        return body.chunks();
    }

    /** The whole body, failing with {@link CurlTooLargeException} beyond the client's in-memory limit. */
    public Mono<byte[]> bodyAsBytes() {
        long limit = exchange.inMemoryLimit();
        return bodyChunks()
                .collect(ByteArrayOutputStream::new, (out, chunk) -> {
                    try {
                        if (out.size() + (long) chunk.length() > limit) {
                            throw new LimitExceeded(new CurlTooLargeException(
                                    63, "response body exceeds the in-memory limit of " + limit + " bytes"));
                        }
                        chunk.writeTo(out);
                    } catch (java.io.IOException impossible) {
                        throw new java.io.UncheckedIOException(impossible);
                    } finally {
                        chunk.release();
                    }
                })
                .map(ByteArrayOutputStream::toByteArray)
                .onErrorMap(LimitExceeded.class, Throwable::getCause);
    }

    /** Carries the checked limit error out of the collector. */
    private static final class LimitExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(CurlTooLargeException cause) {
            super(cause);
        }
    }

    /** The whole body decoded with the charset of {@code Content-Type} (UTF-8 when none). */
    public Mono<String> bodyAsString() {
        Charset charset = charset();
        return bodyAsBytes().map(bytes -> new String(bytes, charset));
    }

    /**
     * A blocking {@link InputStream} over the body for code that is not reactive. Reads block the
     * calling thread (never call it on the loop thread; virtual threads are fine) and backpressure
     * the transfer; closing it before the end cancels the rest of the body; an interrupted read
     * throws {@link java.io.InterruptedIOException}. Transfer errors arrive as their
     * {@code CurlException}s.
     */
    public InputStream bodyAsInputStream() {
        return new BodyInputStream(bodyChunks());
    }

    /** Aborts the transfer unless it has already finished; the body is not wanted. */
    public void discardBody() {
        body.discard();
    }

    /** Facts known when the transfer completes: bytes, redirects, timings. */
    public Mono<TransferResult> result() {
        return exchange.result();
    }

    /** Per-phase timings, once the transfer completes. */
    public Mono<TransferTimings> timings() {
        return exchange.result().map(TransferResult::timings);
    }

    private Charset charset() {
        String type = head.headers().first("Content-Type");
        if (type != null) {
            for (String part : type.split(";")) {
                String p = part.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").trim());
                    } catch (RuntimeException ignored) {
                        // unknown charset: fall back to UTF-8
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public String toString() {
        return head.httpVersion() + " " + head.status() + " for " + request;
    }
}
