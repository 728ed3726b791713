package dev.curlmulti.spring;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlRequest;
import dev.curlmulti.reactor.CurlResponse;
import dev.curlmulti.reactor.RequestBody;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.AbstractClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;

/**
 * One blocking exchange for {@link CurlClientHttpRequestFactory}. The body is streamed to libcurl
 * as it is written, through either path Spring offers: {@link #setBody} (RestClient and the
 * message converters; the body is written by the calling thread when the request executes) or
 * {@link #getBody()} (the transfer starts with the first call and the stream feeds it). A known
 * {@code Content-Length} is sent as such; otherwise the body goes chunked. {@link #execute()}
 * blocks the calling thread (platform or virtual) until the response head arrives; the loop
 * thread never waits for it. Not thread-safe: one exchange, one thread.
 */
final class CurlBlockingHttpRequest extends AbstractClientHttpRequest implements StreamingHttpOutputMessage {
    /** The body's framing, which libcurl writes itself from the body it sends. */
    private static final Set<String> LIBCURL_HEADERS = Set.of("content-length", "transfer-encoding");

    private final CurlClient client;
    private final HttpMethod method;
    private final URI uri;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private Body body;
    private BlockingUpload upload;
    private CompletableFuture<CurlResponse> response;

    CurlBlockingHttpRequest(
            CurlClient client, HttpMethod method, URI uri, Duration connectTimeout, Duration readTimeout) {
        this.client = client;
        this.method = method;
        this.uri = uri;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
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
    public void setBody(Body body) {
        assertNotExecuted();
        if (upload != null) {
            throw new IllegalStateException("getBody() was already used for this request's body");
        }
        this.body = body;
    }

    @Override
    protected OutputStream getBodyInternal(HttpHeaders headers) {
        if (body != null) {
            throw new IllegalStateException("setBody(...) was already used for this request's body");
        }
        if (upload == null) {
            upload = new BlockingUpload();
            response = start(headers, upload);
        }
        return upload;
    }

    @Override
    protected ClientHttpResponse executeInternal(HttpHeaders headers) throws IOException {
        if (upload != null) {
            finishBody(upload::close);
        } else if (body != null) {
            BlockingUpload streamed = new BlockingUpload();
            upload = streamed;
            response = start(headers, streamed);
            finishBody(() -> {
                body.writeTo(new NonClosing(streamed));
                streamed.close();
            });
        } else {
            response = start(headers, null);
        }
        return new CurlBlockingHttpResponse(await());
    }

    private CompletableFuture<CurlResponse> start(HttpHeaders headers, BlockingUpload stream) {
        // RestClient and RestTemplate record their own observation of the exchange.
        CurlRequest.Builder request = CurlRequest.builder(uri.toASCIIString())
                .method(method.name())
                .connectTimeout(connectTimeout)
                .idleTimeout(readTimeout)
                .observedByCaller(true);
        headers.forEach((name, values) -> {
            if (!LIBCURL_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : values) {
                    // Spring's clients send a null value as empty (its JDK factory maps null to "").
                    request.header(name, value == null ? "" : value);
                }
            }
        });
        if (stream != null) {
            request.body(RequestBody.ofPublisher(stream, headers.getContentLength()));
        }
        return client.request(request.build())
                .doOnError(error -> {
                    if (stream != null) {
                        stream.abandon();
                    }
                })
                .doOnNext(started -> {
                    // The writer may still be waiting for libcurl when the transfer ends early.
                    if (stream != null) {
                        started.result()
                                .subscribe(facts -> stream.abandon(), error -> stream.abandon(), stream::abandon);
                    }
                })
                .toFuture();
    }

    /** Runs the body writer; a body the transfer stopped wanting is not an error: the response says what happened. */
    private void finishBody(BodyWriter writer) throws IOException {
        try {
            writer.write();
        } catch (BlockingUpload.Abandoned ended) {
            // The response (or the transfer's error) is what the caller needs; await() gives it.
        } catch (IOException | RuntimeException | Error e) {
            upload.fail(e);
            response.cancel(true);
            throw e;
        }
    }

    private CurlResponse await() throws IOException {
        try {
            return response.get();
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the response to " + method + " " + uri);
        } catch (CancellationException e) {
            throw new IOException("the exchange was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    @FunctionalInterface
    private interface BodyWriter {
        void write() throws IOException;
    }

    /** The body's writer may close the stream it was given; the request ends the body itself. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
