package dev.curlmulti.bench.clients;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlRequest;
import dev.curlmulti.reactor.DownloadRequest;
import dev.curlmulti.reactor.HttpVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;

/**
 * Ours, downloading to files ({@link CurlClient#download}): libcurl's bytes go from the native
 * buffer to the file with no Java heap copy. Files land in a temporary directory emptied after each
 * run (outside the measured time), so mostly the page cache, not the disk, takes them; the
 * {@code c-file} ceiling writes the same files the same way. Measured without the optional SHA-256 and
 * resume (both on in {@link DownloadRequest#of}): hashing is a separate job the peers do not do.
 */
final class CurlFileClient implements BenchClient {
    private final CurlClient http1;
    private final CurlClient http2;
    private final Path directory;

    CurlFileClient(Path caPem) throws IOException {
        CurlClient.Builder builder = CurlClient.builder();
        if (BenchClient.receiveBuffer() > 0) {
            builder.receiveBufferSize(BenchClient.receiveBuffer());
        }
        http1 = builder.maxConnections(0)
                .maxConnectionsPerHost(0)
                .httpVersion(HttpVersion.HTTP_1_1)
                .caFile(caPem)
                .timings(false)
                .build();
        http2 = http1.mutate().httpVersion(HttpVersion.HTTP_2_TLS).build();
        directory = Files.createTempDirectory("curl-multi-bench-files");
    }

    @Override
    public long fetch(String url, int requests, int concurrency, boolean useHttp2) throws IOException {
        CurlClient client = useHttp2 ? http2 : http1;
        Long total = Flux.range(0, requests)
                .flatMap(
                        i -> client.download(new DownloadRequest(
                                CurlRequest.get(url), directory.resolve("file-" + i), false, false)),
                        concurrency)
                .map(result -> {
                    if (!result.succeeded() || result.status() != 200) {
                        throw new IllegalStateException("download failed: " + result);
                    }
                    return result.bytes();
                })
                .reduce(0L, Long::sum)
                .block();
        return total == null ? 0 : total;
    }

    /** Empties the directory after each run, outside the measured time (as the C ceiling does). */
    @Override
    public void afterFetch() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public void hold(String url, int transfers) {
        throw new UnsupportedOperationException("the file path is measured on (c) and (d) only");
    }

    @Override
    public void releaseHeld() {}

    @Override
    public void close() throws IOException {
        http2.dispose();
        http1.dispose();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
