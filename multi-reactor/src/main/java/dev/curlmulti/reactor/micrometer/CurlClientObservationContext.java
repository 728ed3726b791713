package dev.curlmulti.reactor.micrometer;

import dev.curlmulti.reactor.CurlRequest;
import io.micrometer.observation.transport.RequestReplySenderContext;

/**
 * The observation context of one request: the request (its carrier is the builder the trace
 * headers go into), and once it ends the response status (0 when none arrived).
 */
public final class CurlClientObservationContext extends RequestReplySenderContext<CurlRequest.Builder, Integer> {
    private final CurlRequest request;

    CurlClientObservationContext(CurlRequest request) {
        super((carrier, key, value) -> {
            if (carrier != null) {
                carrier.header(key, value);
            }
        });
        this.request = request;
        setCarrier(request.newBuilder());
        setRemoteServiceName(request.host());
    }

    /** The request as the application made it. */
    public CurlRequest request() {
        return request;
    }

    /** The final response's status code, 0 when no response head arrived (or before the end). */
    public int status() {
        Integer status = getResponse();
        return status == null ? 0 : status;
    }
}
