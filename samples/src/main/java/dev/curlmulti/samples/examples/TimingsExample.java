package dev.curlmulti.samples.examples;

import dev.curlmulti.core.loop.TransferTimings;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import dev.curlmulti.samples.LocalFileServer;
import java.io.PrintStream;
import java.time.Duration;

/** Where one request's time went, phase by phase, from libcurl's own timers. */
public final class TimingsExample {
    private TimingsExample() {}

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : null;
        if (url != null) {
            run(url, System.out);
            return;
        }
        try (LocalFileServer server = new LocalFileServer()) {
            run(server.url(1 << 20), System.out);
        }
    }

    public static TransferTimings run(String url, PrintStream out) {
        try (CurlClient client = CurlClient.create()) {
            CurlResponse response = client.get(url).block(Duration.ofSeconds(30));
            response.bodyAsBytes().block(Duration.ofSeconds(30));
            TransferTimings t = response.timings().block(Duration.ofSeconds(5));
            out.printf("%s %d%n", url, response.status());
            out.printf("  DNS           %8.3f ms%n", t.nameLookup() / 1000.0);
            out.printf("  TCP connect   %8.3f ms%n", (t.connect() - t.nameLookup()) / 1000.0);
            out.printf(
                    "  TLS           %8.3f ms%n", t.appConnect() == 0 ? 0.0 : (t.appConnect() - t.connect()) / 1000.0);
            out.printf("  server wait   %8.3f ms%n", (t.startTransfer() - t.preTransfer()) / 1000.0);
            out.printf("  body          %8.3f ms%n", (t.total() - t.startTransfer()) / 1000.0);
            out.printf("  total         %8.3f ms%n", t.total() / 1000.0);
            return t;
        }
    }
}
