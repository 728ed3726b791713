package dev.curlmulti.spring;

import dev.curlmulti.core.loop.Headers;
import dev.curlmulti.reactor.CurlResponse;
import java.io.InputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A libcurl response for RestClient and RestTemplate: any status code (also unknown ones), the
 * headers as received (multi-valued, case-insensitive, read-only; {@code Set-Cookie} among them),
 * and the body as a blocking {@link InputStream} that backpressures the transfer. {@link #close()}
 * before the body was read to its end aborts the transfer (the connection is not kept: reading
 * the rest of a large body to save it would cost more). One thread at a time.
 */
final class CurlBlockingHttpResponse implements ClientHttpResponse {
    private final CurlResponse response;
    private HttpHeaders headers;
    private InputStream body;

    CurlBlockingHttpResponse(CurlResponse response) {
        this.response = response;
    }

    @Override
    public HttpStatusCode getStatusCode() {
        return HttpStatusCode.valueOf(response.status());
    }

    @Override
    public String getStatusText() {
        // The server's own phrase, as Spring's other clients report it on HTTP/1.x; the standard
        // phrase only where the protocol carries none (HTTP/2, HTTP/3).
        String reason = response.reason();
        if (!reason.isEmpty() || response.httpVersion().startsWith("HTTP/1")) {
            return reason;
        }
        HttpStatus known = HttpStatus.resolve(response.status());
        return known == null ? "" : known.getReasonPhrase();
    }

    @Override
    public HttpHeaders getHeaders() {
        if (headers == null) {
            Headers source = response.headers();
            HttpHeaders all = new HttpHeaders();
            for (int i = 0; i < source.size(); i++) {
                all.add(source.name(i), source.value(i));
            }
            headers = HttpHeaders.readOnlyHttpHeaders(all);
        }
        return headers;
    }

    @Override
    public InputStream getBody() {
        if (body == null) {
            body = response.bodyAsInputStream();
        }
        return body;
    }

    @Override
    public void close() {
        if (body == null) {
            response.discardBody();
        } else {
            try {
                body.close();
            } catch (java.io.IOException e) {
                // BodyInputStream.close does not throw; nothing to report here.
            }
        }
    }

    @Override
    public String toString() {
        return "CurlBlockingHttpResponse{" + response + "}";
    }
}
