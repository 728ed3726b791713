package dev.curlmulti.bench;

import dev.curlmulti.core.testing.Nginx;
import java.nio.file.Path;
import java.util.List;

/**
 * The server every client is measured against: a real nginx on loopback (the test helper: one
 * worker, keep-alive, no access log, sendfile; HTTP/1.1 on one port, HTTPS + HTTP/2 with a
 * generated certificate on another), serving the benchmark's generated files, and trickling
 * {@code /slow/} at 1 KiB/s for (f). Optionally started under {@code taskset}.
 */
final class BenchServer implements AutoCloseable {
    private final Nginx nginx;

    /** @param withLargeFile also write the 1 GiB file of (c) (a few seconds; tests skip it) */
    BenchServer(List<String> launchPrefix, boolean withLargeFile) {
        nginx = new Nginx("location /slow/ { limit_rate 1k; }", launchPrefix);
        nginx.writeCountingFile("1k.bin", 1024);
        nginx.writeCountingFile("1m.bin", 1 << 20);
        if (withLargeFile) {
            nginx.writeCountingFile("1g.bin", 1L << 30);
        }
        nginx.writeCountingFile("slow/4m.bin", 4 << 20);
    }

    String url(Workload workload) {
        return workload.http2 ? nginx.httpsUrl(workload.file) : nginx.httpUrl(workload.file);
    }

    Path caPem() {
        return nginx.caPem();
    }

    @Override
    public void close() {
        nginx.close();
    }
}
