package dev.curlmulti.samples.soak;

import dev.curlmulti.core.testing.Nginx;
import java.util.List;

/**
 * The local nginx the soak runs use: a 1 KiB file, larger ones, a rate-limited one, and one sent at 1 byte/s (a stalled
 * response).
 */
final class SoakServer {
    private SoakServer() {}

    static Nginx start() {
        Nginx nginx = new Nginx("location /slow/ { limit_rate 2m; } location /stall/ { limit_rate 1; }");
        nginx.writeCountingFile("1k.bin", 1024);
        nginx.writeCountingFile("64k.bin", 64 << 10);
        nginx.writeCountingFile("1m.bin", 1 << 20);
        nginx.writeCountingFile("slow/256k.bin", 256 << 10);
        nginx.writeCountingFile("stall/1k.bin", 1024);
        return nginx;
    }

    /** What the storm fetches: mostly small bodies, some large, a few slow (about 0.1 s each). */
    static List<String> stormUrls(Nginx nginx) {
        return List.of(
                nginx.httpUrl("1k.bin"),
                nginx.httpUrl("1k.bin"),
                nginx.httpUrl("1k.bin"),
                nginx.httpUrl("64k.bin"),
                nginx.httpUrl("64k.bin"),
                nginx.httpUrl("1m.bin"),
                nginx.httpUrl("slow/256k.bin"));
    }
}
