package dev.curlmulti.samples.download;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * A loopback server of files for the downloader's tests: each file with an ETag (unless turned
 * off), answering {@code If-None-Match} with 304, counting and recording requests per path.
 */
final class FileServer implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private final Map<String, MockResponse> special = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile boolean etags = true;

    FileServer() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    /** Serves {@code content} at {@code /name}, as a new version (new ETag). */
    void put(String name, byte[] content) {
        special.remove("/" + name);
        files.put("/" + name, content);
        versions.merge("/" + name, 1, Integer::sum);
    }

    /** Answers {@code /name} with {@code response} instead of a file. */
    void answer(String name, MockResponse response) {
        special.put("/" + name, response);
    }

    /** Whether files carry an ETag (without one a client has nothing to ask a 304 with). */
    void etags(boolean on) {
        etags = on;
    }

    String url(String name) {
        return "http://127.0.0.1:" + server.getPort() + "/" + name;
    }

    int port() {
        return server.getPort();
    }

    /** Requests that reached {@code /name}. */
    int count(String name) {
        AtomicInteger count = counts.get("/" + name);
        return count == null ? 0 : count.get();
    }

    /** Requests for {@code /name} that asked for a range. */
    long rangeRequests(String name) {
        return requests(name).stream().filter(r -> r.getHeader("Range") != null).count();
    }

    /** Every request so far for {@code /name}. */
    List<RecordedRequest> requests(String name) {
        return requests.stream().filter(r -> ("/" + name).equals(r.getPath())).toList();
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getPath();
        requests.add(request);
        counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        MockResponse fixed = special.get(path);
        if (fixed != null) {
            return fixed;
        }
        byte[] content = files.get(path);
        if (content == null) {
            return new MockResponse().setResponseCode(404);
        }
        String etag = "\"v" + versions.get(path) + "\"";
        if (etags && etag.equals(request.getHeader("If-None-Match"))) {
            return new MockResponse().setResponseCode(304).setHeader("ETag", etag);
        }
        MockResponse response = range(request.getHeader("Range"), content);
        return etags ? response.setHeader("ETag", etag) : response;
    }

    /** The whole file, or the one range {@code bytes=FROM-[TO]} asks for (what a split download sends). */
    private static MockResponse range(String range, byte[] content) {
        MockResponse response = new MockResponse().setHeader("Accept-Ranges", "bytes");
        if (range == null || !range.matches("bytes=\\d+-\\d*")) {
            return response.setBody(new Buffer().write(content));
        }
        String[] ends = range.substring(6).split("-", -1);
        int from = Integer.parseInt(ends[0]);
        int to = ends[1].isEmpty() ? content.length - 1 : Math.min(Integer.parseInt(ends[1]), content.length - 1);
        if (from > to) {
            return response.setResponseCode(416).setHeader("Content-Range", "bytes */" + content.length);
        }
        return response.setResponseCode(206)
                .setHeader("Content-Range", "bytes " + from + "-" + to + "/" + content.length)
                .setBody(new Buffer().write(content, from, to - from + 1));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
