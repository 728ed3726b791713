package dev.curlmulti.reactor;

import java.time.Duration;

/**
 * How far one transfer of a request has got, as libcurl counts it ({@code CURLOPT_XFERINFOFUNCTION}):
 * what {@link CurlRequest.Builder#progress} reports. Counts are the response's and the request's body
 * bytes as they travel (compressed when the response is compressed, so they compare with its
 * {@code Content-Length}); after a redirect libcurl follows they start again for the next response.
 *
 * @param downloaded    response body bytes received so far
 * @param downloadTotal the response body's size when the server said it ({@code Content-Length}), else
 *                      -1: before the head, for a body of unknown length, and (libcurl cannot tell it
 *                      from unknown) a declared empty one
 * @param uploaded      request body bytes sent so far
 * @param uploadTotal   the request body's size when known (bytes, a file, a stream with a length), else
 *                      -1 (a stream without one; no body at all)
 * @param elapsed       since the transfer started (its wait for a connection included)
 * @param complete      true for the one last event, after the transfer succeeded: its totals are then
 *                      the counts, whatever was known before
 */
public record Progress(
        long downloaded, long downloadTotal, long uploaded, long uploadTotal, Duration elapsed, boolean complete) {}
