package dev.curlmulti.bench;

/**
 * The workloads of the benchmark, each against the nginx of {@link BenchServer}.
 * {@code requests} and {@code transfers} are scaled by {@code --scale} for quick runs.
 */
enum Workload {
    A("(a) 1 KiB GETs, 64 in flight, HTTP/1.1", "1k.bin", 50_000, 64, false),
    B("(b) 1 KiB GETs, 1 in flight", "1k.bin", 50_000, 1, false),
    C("(c) 1 GiB body, one stream", "1g.bin", 1, 1, false),
    D("(d) 2,000 x 1 MiB, 16 in flight", "1m.bin", 2_000, 16, false),
    E("(e) 1 KiB GETs, 64 in flight, HTTP/2 + TLS", "1k.bin", 50_000, 64, true),
    F("(f) 10,000 slow transfers held open", "slow/4m.bin", 10_000, 10_000, false);

    final String title;
    final String file;
    final int requests;
    final int concurrency;
    final boolean http2;

    Workload(String title, String file, int requests, int concurrency, boolean http2) {
        this.title = title;
        this.file = file;
        this.requests = requests;
        this.concurrency = concurrency;
        this.http2 = http2;
    }

    int requests(double scale) {
        return Math.max(1, (int) Math.round(requests * scale));
    }

    int concurrency(double scale) {
        return this == F ? requests(scale) : Math.min(concurrency, requests(scale));
    }

    /** Whether the result is bytes per second (large bodies) rather than requests per second. */
    boolean measuresBytes() {
        return this == C || this == D;
    }

    String letter() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
