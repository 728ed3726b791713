package dev.curlmulti.core.internal;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A measurement of libcurl's header API: walks a handle's last response head with
 * {@code curl_easy_nextheader}, reading each name and value as Java strings, so a measurement
 * program can compare it with parsing header lines as the engine does. Runs on the caller's
 * thread, which must be the handle's (nothing else may use the handle meanwhile).
 */
public final class HeaderWalkProbe {
    /** {@code CURLH_HEADER}: the response's own header fields. */
    private static final int ORIGIN_HEADER = 1;
    /** The last request of the transfer (after redirects). */
    private static final int LAST_REQUEST = -1;
    /** Keeps the walked strings' lengths observable, so the JIT cannot drop the work. */
    private static volatile long sink;

    private HeaderWalkProbe() {}

    /**
     * A probe whose batch walks {@code easy}'s last response head {@code walks} times and returns
     * {@code walks}; empty when the loaded libcurl has no header API (before 7.84).
     */
    public static Optional<CostProbe> of(EasyHandle easy, int walks) {
        NativeBinding binding = NativeBinding.get();
        if (!binding.hasHeaderApi()) {
            return Optional.empty();
        }
        return Optional.of(new CostProbe("curl_easy_nextheader walk of a response head", () -> {
            long address = easy.nativeAddress();
            long total = 0;
            for (int walk = 0; walk < walks; walk++) {
                long header = 0;
                while ((header = binding.easyNextHeader(address, ORIGIN_HEADER, LAST_REQUEST, header)) != 0) {
                    // struct curl_header { char *name; char *value; ... }
                    ByteBuffer struct = binding.view(header, 16);
                    total += binding.utf8String(struct.getLong(0)).length()
                            + binding.utf8String(struct.getLong(8)).length();
                }
            }
            sink = total;
            return walks;
        }));
    }
}
