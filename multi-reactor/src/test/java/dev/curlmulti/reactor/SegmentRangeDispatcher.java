package dev.curlmulti.reactor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;

/**
 * A MockWebServer dispatcher that serves one file in ranges as a real server does ({@code Range:
 * bytes=a-} and {@code a-b}, {@code If-Range} against its ETag: a mismatch gets the whole file in a
 * {@code 200}), with hooks to change the file between requests or to break a response. Records every
 * request's {@code Range}. Thread-safe (MockWebServer dispatches from its own threads).
 */
final class SegmentRangeDispatcher extends Dispatcher {
    /** One version of the file. */
    record Version(byte[] bytes, String etag) {}

    private final IntFunction<Version> versionOfRequest;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private volatile long breakRangeStartingAt = -1;
    private volatile boolean ignoreIfRange;
    private volatile boolean breakOnlyOnce;

    /** @param versionOfRequest the version served to the n-th request (from 0) */
    SegmentRangeDispatcher(IntFunction<Version> versionOfRequest) {
        this.versionOfRequest = versionOfRequest;
    }

    /** Responses to ranges that start at {@code offset} stop half-way (the connection closes), until -1. */
    void breakRangesStartingAt(long offset) {
        breakRangeStartingAt = offset;
    }

    /** Like {@link #breakRangesStartingAt}, for the first such response only. */
    void breakOneRangeStartingAt(long offset) {
        breakOnlyOnce = true;
        breakRangeStartingAt = offset;
    }

    /** Answers ranges whatever {@code If-Range} says (a broken server, or one behind a broken cache). */
    void ignoreIfRange() {
        ignoreIfRange = true;
    }

    /** The {@code Range} header of each request so far ("" without one), in arrival order. */
    List<String> ranges() {
        return ranges;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String range = request.getHeader("Range");
        int index;
        synchronized (this) {
            index = ranges.size();
            ranges.add(range == null ? "" : range);
        }
        Version version = versionOfRequest.apply(index);
        byte[] bytes = version.bytes();
        String ifRange = request.getHeader("If-Range");
        if (range == null || (!ignoreIfRange && ifRange != null && !ifRange.equals(version.etag()))) {
            return new MockResponse()
                    .setResponseCode(200)
                    .setHeader("ETag", version.etag())
                    .setBody(new Buffer().write(bytes));
        }
        String[] bounds = range.substring("bytes=".length()).split("-", -1);
        long first = Long.parseLong(bounds[0]);
        long last = bounds[1].isEmpty() ? bytes.length - 1 : Long.parseLong(bounds[1]);
        MockResponse response = new MockResponse()
                .setResponseCode(206)
                .setHeader("ETag", version.etag())
                .setHeader("Content-Range", "bytes " + first + "-" + last + "/" + bytes.length)
                .setBody(new Buffer().write(bytes, (int) first, (int) (last - first + 1)));
        if (first == breakRangeStartingAt) {
            response.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
            if (breakOnlyOnce) {
                breakRangeStartingAt = -1;
            }
        }
        return response;
    }
}
